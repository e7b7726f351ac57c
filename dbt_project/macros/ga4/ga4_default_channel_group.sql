{#
    GA4's default channel group of a session from its source, medium and campaign name.

    Rules and their order are Google's "[GA4] Default channel group" (support.google.com/
    analytics/answer/9756891): the first rule that matches wins; matching is case-insensitive.
    Google classifies sources with its own lists of search, social, video and shopping sites
    (the "source categories" file linked from that article); the lists below are the part of
    them this business meets (Thai and regional sites included), kept here in one place. Google
    Ads auto-tagged traffic without UTM tags is classified by the ad network in GA4; in the
    export it shows as source `google`, medium `cpc`, which these rules put in Paid Search.

    Channels: Direct, Cross-network, Paid Shopping, Paid Search, Paid Social, Paid Video,
    Display, Paid Other, Organic Shopping, Organic Social, Organic Video, Organic Search,
    Referral, Email, Affiliates, Audio, SMS, Mobile Push Notifications, Unassigned.
#}

{% macro ga4_source_categories() -%}
    {%- set search = [
        'google', 'google.com', 'www.google.com', 'google.co.th', 'www.google.co.th', 'google.com.sg',
        'google.com.my', 'bing', 'bing.com', 'www.bing.com', 'yahoo', 'search.yahoo.com', 'yahoo.com',
        'duckduckgo', 'duckduckgo.com', 'baidu', 'baidu.com', 'yandex', 'yandex.ru', 'yandex.com',
        'naver', 'naver.com', 'search.naver.com', 'ecosia.org', 'ask', 'ask.com', 'aol',
        'search.aol.com', 'coccoc', 'coccoc.com', 'seznam', 'seznam.cz', 'qwant', 'qwant.com',
        'startpage.com', 'search.brave.com', 'sogou', 'so.com', 'daum.net', 'search.daum.net',
    ] -%}
    {%- set social = [
        'facebook', 'facebook.com', 'm.facebook.com', 'l.facebook.com', 'lm.facebook.com',
        'web.facebook.com', 'fb', 'instagram', 'instagram.com', 'l.instagram.com', 'ig', 'tiktok',
        'tiktok.com', 'www.tiktok.com', 'line', 'line.me', 'twitter', 'twitter.com', 't.co', 'x.com',
        'linkedin', 'linkedin.com', 'lnkd.in', 'pinterest', 'pinterest.com', 'reddit', 'reddit.com',
        'snapchat', 'snapchat.com', 'threads.net', 'messenger', 'messenger.com', 'whatsapp',
        'whatsapp.com', 'wechat', 'weibo', 'weibo.com', 'vk.com', 'quora', 'quora.com',
        'tumblr.com', 'discord.com',
    ] -%}
    {%- set video = [
        'youtube', 'youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be', 'vimeo',
        'vimeo.com', 'twitch', 'twitch.tv', 'dailymotion', 'dailymotion.com', 'netflix',
        'netflix.com', 'bilibili.com',
    ] -%}
    {%- set shopping = [
        'shopee', 'shopee.co.th', 'shopee.com.my', 'shopee.sg', 'shopee.vn', 'shopee.ph',
        'lazada', 'lazada.co.th', 'lazada.com.my', 'lazada.sg', 'amazon', 'amazon.com', 'ebay',
        'ebay.com', 'etsy', 'etsy.com', 'aliexpress', 'aliexpress.com', 'walmart', 'walmart.com',
        'igshopping', 'shopping.google.com', 'google shopping', 'shop.app', 'shopify',
    ] -%}
    {{ return({'search': search, 'social': social, 'video': video, 'shopping': shopping}) }}
{%- endmacro %}

{% macro _ga4_in(expr, values) -%}
    {{ expr }} in ({% for v in values %}'{{ v }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}

{% macro ga4_default_channel_group(source, medium, campaign) -%}
    {%- set s = "lower(coalesce(" ~ source ~ ", ''))" -%}
    {%- set m = "lower(coalesce(" ~ medium ~ ", ''))" -%}
    {%- set c = "lower(coalesce(" ~ campaign ~ ", ''))" -%}
    {%- set paid = ga4_regexp_matches(m, '^(.*cp.*|ppc|retargeting|paid.*)$') -%}
    {%- set shop_campaign = ga4_regexp_matches(c, '^(.*(([^a-df-z]|^)shop|shopping).*)$') -%}
    {%- set sites = ga4_source_categories() -%}
    {%- set search = _ga4_in(s, sites.search) -%}
    {%- set social = _ga4_in(s, sites.social) -%}
    {%- set video = _ga4_in(s, sites.video) -%}
    {%- set shopping = _ga4_in(s, sites.shopping) -%}
    case
        when {{ s }} = '(direct)' and {{ m }} in ('(not set)', '(none)') then 'Direct'
        when {{ c }} like '%cross-network%' then 'Cross-network'
        when ({{ shopping }} or {{ shop_campaign }}) and {{ paid }} then 'Paid Shopping'
        when {{ search }} and {{ paid }} then 'Paid Search'
        when {{ social }} and {{ paid }} then 'Paid Social'
        when {{ video }} and {{ paid }} then 'Paid Video'
        when {{ m }} in ('display', 'banner', 'expandable', 'interstitial', 'cpm') then 'Display'
        when {{ paid }} then 'Paid Other'
        when {{ shopping }} or {{ shop_campaign }} then 'Organic Shopping'
        when {{ social }}
            or {{ m }} in ('social', 'social-network', 'social-media', 'sm', 'social network',
                'social media') then 'Organic Social'
        when {{ video }} or {{ ga4_regexp_matches(m, '^(.*video.*)$') }} then 'Organic Video'
        when {{ search }} or {{ m }} = 'organic' then 'Organic Search'
        when {{ m }} in ('referral', 'app', 'link') then 'Referral'
        when {{ s }} in ('email', 'e-mail', 'e_mail', 'e mail')
            or {{ m }} in ('email', 'e-mail', 'e_mail', 'e mail') then 'Email'
        when {{ m }} = 'affiliate' then 'Affiliates'
        when {{ m }} = 'audio' then 'Audio'
        when {{ s }} = 'sms' or {{ m }} = 'sms' then 'SMS'
        when {{ ga4_regexp_matches(m, '(push$|mobile|notification)') }}
            or {{ s }} = 'firebase' then 'Mobile Push Notifications'
        else 'Unassigned'
    end
{%- endmacro %}

{#
    A session's source and medium when none of its events carries one (no UTM tags, no source
    params, as in newer exports for untagged visits): a Google Ads click id → google / cpc; an
    external referrer → a search engine's name / organic, else its host / referral; nothing →
    (direct) / (none). Returns (source, medium) SQL expressions.
#}
{% macro ga4_fallback_source(gclid, referrer_host, landing_host) -%}
    {%- set host = "lower(" ~ referrer_host ~ ")" -%}
    {%- set external = referrer_host ~ " is not null and " ~ referrer_host ~ " <> coalesce("
        ~ landing_host ~ ", '')" -%}
    {%- set engines = ['google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'naver',
                       'ecosia'] -%}
    {%- set source -%}
        case
            when {{ gclid }} is not null then 'google'
            {%- for e in engines %}
            when {{ external }} and ({{ host }} like '{{ e }}.%' or {{ host }} like '%.{{ e }}.%')
                then '{{ e }}'
            {%- endfor %}
            when {{ external }} then {{ host }}
            else '(direct)'
        end
    {%- endset -%}
    {%- set medium -%}
        case
            when {{ gclid }} is not null then 'cpc'
            {%- for e in engines %}
            when {{ external }} and ({{ host }} like '{{ e }}.%' or {{ host }} like '%.{{ e }}.%')
                then 'organic'
            {%- endfor %}
            when {{ external }} then 'referral'
            else '(none)'
        end
    {%- endset -%}
    {{ return((source, medium)) }}
{%- endmacro %}
