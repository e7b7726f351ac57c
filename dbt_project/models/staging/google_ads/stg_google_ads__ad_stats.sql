with

source as (
    select * from {{ google_ads_source('google_ads_ad_stats_daily') }}
    where {{ all_partitions('date_day') }}
),

final as (
    select
        ad_id,
        ad_group_id,
        campaign_id,
        account_id,
        currency_code,
        account_timezone,
        {{ from_micros('cost_micros') }} as spend,
        cost_micros,
        impressions,
        clicks,
        cast(conversions as decimal(38, 9)) as conversions,
        conversions_value as conversion_value,
        video_views as video_trueview_views,
        date_day,
        _loaded_at as loaded_at
    from source
)

select * from final
