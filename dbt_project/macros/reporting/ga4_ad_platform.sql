{#
    The ad platform a GA4 session's source names, in the ad-performance vocabulary (`meta`,
    `tiktok`, `google_ads`), else null. Meta's and TikTok's ads tag utm_source with the network
    (facebook / instagram / fb / ig / meta / audience network `an`; tiktok); Google Ads
    auto-tagging gives google / cpc (or a gclid, which staging already turned into google / cpc).
    Used to match sessions to an ad campaign by (day, platform, utm_campaign = campaign name).
#}
{% macro ga4_ad_platform(source_expr, medium_expr) -%}
    case
        when lower({{ source_expr }}) in ('facebook', 'fb', 'instagram', 'ig', 'meta', 'an', 'messenger')
            or lower({{ source_expr }}) like '%facebook.com'
            or lower({{ source_expr }}) like '%instagram.com'
            then 'meta'
        when lower({{ source_expr }}) like '%tiktok%'
            then 'tiktok'
        when lower({{ source_expr }}) in ('google', 'adwords', 'google_ads', 'googleads')
            and lower({{ medium_expr }}) in ('cpc', 'ppc', 'paid', 'paidsearch', 'paid_search', 'display', 'video', 'cpm')
            then 'google_ads'
    end
{%- endmacro %}
