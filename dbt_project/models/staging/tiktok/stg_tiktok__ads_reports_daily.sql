with

source as (
    select * from {{ tiktok_source('tiktok_ads_reports_daily') }}
    where {{ all_partitions('date_day') }}
),

final as (
    select
        ad_id,
        ad_group_id,
        campaign_id,
        account_id,
        ad_name,
        ad_group_name,
        campaign_name,
        currency_code,
        account_timezone,
        cast(coalesce(spend, 0) as decimal(38, 9)) as spend,
        cast(coalesce(impressions, 0) as bigint) as impressions,
        cast(coalesce(clicks, 0) as bigint) as clicks,
        cast(reach as bigint) as reach,
        cast(coalesce(conversion, 0) as decimal(38, 9)) as optimization_events,
        cast(coalesce(complete_payment, 0) as decimal(38, 9)) as purchases,
        cast(coalesce(total_purchase_value, 0) as decimal(38, 9)) as purchase_value,
        cast(coalesce(video_play_actions, 0) as bigint) as video_plays,
        cast(coalesce(video_watched_2s, 0) as bigint) as video_views_2s,
        cast(coalesce(video_watched_6s, 0) as bigint) as video_views_6s,
        cast(coalesce(video_views_p100, 0) as bigint) as video_completions,
        cast(average_video_play as decimal(38, 9)) as average_video_play_seconds,
        -- seconds watched in total: additive over days and ads, unlike the per-play average
        cast(coalesce(average_video_play * video_play_actions, 0) as decimal(38, 9))
            as video_watch_seconds,
        cast(coalesce(likes, 0) as bigint) as likes,
        cast(coalesce(comments, 0) as bigint) as comments,
        cast(coalesce(shares, 0) as bigint) as shares,
        cast(coalesce(follows, 0) as bigint) as follows,
        cast(coalesce(profile_visits, 0) as bigint) as profile_visits,
        date_day,
        _loaded_at as loaded_at
    from source
)

select * from final
