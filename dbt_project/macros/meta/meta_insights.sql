{#
    Metric columns shared by stg_meta__ads_insights and stg_meta__campaigns_insights (the two
    reports have the same fields at different levels). Two steps, so the purchase choice reads
    plain columns instead of repeating the list lookups:

    1. meta_insight_action_columns(): pick action types out of the lists (null when absent).
    2. meta_insight_metric_columns() / meta_purchase_action_type(): the staged metrics.

    Purchases: `omni_purchase` when Meta reports it, else `offsite_conversion.fb_pixel_purchase`,
    never the sum — omni_purchase already includes the pixel purchases (DECISIONLOG.md). Purchase
    value is chosen the same way from action_values.
#}

{% macro meta_insight_action_columns() -%}
    {{ meta_action_value('actions', 'omni_purchase') }} as omni_purchases,
    {{ meta_action_value('actions', 'offsite_conversion.fb_pixel_purchase') }} as pixel_purchases,
    {{ meta_action_value('action_values', 'omni_purchase') }} as omni_purchase_value,
    {{ meta_action_value('action_values', 'offsite_conversion.fb_pixel_purchase') }} as pixel_purchase_value,
    {{ meta_action_value('actions', 'video_view') }} as video_view_count,
    {{ meta_action_value('video_thruplay_watched_actions', 'video_view') }} as thruplay_count,
    {{ meta_action_value('video_play_actions', 'video_view') }} as video_play_count
{%- endmacro %}

{% macro meta_purchase_action_type() -%}
    case
        when omni_purchases is not null then 'omni_purchase'
        when pixel_purchases is not null then 'offsite_conversion.fb_pixel_purchase'
    end
{%- endmacro %}

{% macro meta_insight_metric_columns() -%}
    cast(coalesce(spend, 0) as decimal(38, 9)) as spend,
    cast(coalesce(impressions, 0) as bigint) as impressions,
    cast(coalesce(clicks, 0) as bigint) as all_clicks,
    cast(coalesce(inline_link_clicks, 0) as bigint) as link_clicks,
    cast(reach as bigint) as reach,
    cast(frequency as decimal(38, 9)) as frequency,
    cast(coalesce(omni_purchases, pixel_purchases, 0) as decimal(38, 9)) as purchases,
    cast(coalesce(omni_purchase_value, pixel_purchase_value, 0) as decimal(38, 9)) as purchase_value,
    cast(coalesce(video_view_count, 0) as bigint) as video_views,
    cast(coalesce(thruplay_count, 0) as bigint) as video_thruplays,
    cast(coalesce(video_play_count, 0) as bigint) as video_plays
{%- endmacro %}
