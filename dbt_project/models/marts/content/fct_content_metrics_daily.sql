{{ config(**window_incremental_config('content_metrics_id', ['platform', 'content_id'])) }}

-- Incremental by the partition window (--vars min_date/max_date, local days); without the vars
-- every day is rebuilt. Organic values come from the snapshot differences (computed over the
-- whole snapshot history, so the first day of a window still has its previous snapshot); ad
-- values from the ads that use each item (int_content__linked_to_ads), in THB.
with

organic as (
    select
        content_id,
        views,
        impressions,
        reach,
        likes,
        reactions,
        comments,
        shares,
        saves,
        clicks,
        watch_time_s,
        three_second_plays,
        thruplays,
        days_covered,
        is_catch_up,
        date_day
    from {{ ref('int_content_metrics__daily') }}
    where {{ date_window_filter('date_day') }}
),

links as (
    select
        content_id,
        ad_platform,
        account_id,
        ad_id
    from {{ ref('int_content__linked_to_ads') }}
    where has_content
),

ad_performance as (
    select
        platform,
        account_id,
        ad_id,
        spend_thb,
        impressions,
        clicks,
        video_views,
        video_thruplays,
        conversions,
        conversion_value_thb,
        date_day
    from {{ ref('fct_ad_performance_daily') }}
    where reporting_level = 'ad' and {{ date_window_filter('date_day') }}
),

items as (
    select
        content_id,
        platform,
        platform_post_id,
        account_id
    from {{ ref('int_content__unioned') }}
),

-- every ad that uses an item adds its delivery and cost to that item's day (an ad uses one item)
content_ads as (
    select
        links.content_id,
        ad_performance.date_day,
        count(distinct case
            when ad_performance.impressions > 0 or ad_performance.spend_thb > 0
                then ad_performance.ad_id
        end) as ads_delivering,
        sum(ad_performance.spend_thb) as ads_cost_total,
        sum(case when ad_performance.platform = 'meta' then ad_performance.spend_thb end)
            as ads_cost_meta_thb,
        sum(case when ad_performance.platform = 'tiktok' then ad_performance.spend_thb end)
            as ads_cost_tiktok_thb,
        sum(ad_performance.impressions) as ad_impressions,
        sum(ad_performance.clicks) as ad_clicks,
        sum(ad_performance.video_views) as ad_video_views,
        sum(ad_performance.video_thruplays) as ad_thruplays,
        sum(ad_performance.conversions) as ad_conversions,
        sum(ad_performance.conversion_value_thb) as ad_conversion_value_thb
    from ad_performance
    inner join links
        on
            ad_performance.platform = links.ad_platform
            and ad_performance.account_id = links.account_id
            and ad_performance.ad_id = links.ad_id
    group by links.content_id, ad_performance.date_day
),

content_days as (
    select
        content_id,
        date_day
    from organic
    union all
    select
        content_id,
        date_day
    from content_ads
),

days as (
    select
        content_id,
        date_day
    from content_days
    group by content_id, date_day
),

final as (
    select
        {{ surrogate_key(['days.content_id', 'days.date_day']) }} as content_metrics_id,
        days.content_id,
        items.account_id,
        items.platform,
        items.platform_post_id,
        cast(organic.views as bigint) as views,
        cast(organic.impressions as bigint) as impressions,
        cast(organic.reach as bigint) as reach,
        cast(organic.likes as bigint) as likes,
        cast(organic.reactions as bigint) as reactions,
        cast(organic.comments as bigint) as comments,
        cast(organic.shares as bigint) as shares,
        cast(organic.saves as bigint) as saves,
        cast(organic.clicks as bigint) as clicks,
        cast(organic.watch_time_s as decimal(38, 9)) as watch_time_s,
        cast(organic.three_second_plays as bigint) as three_second_plays,
        cast(organic.thruplays as bigint) as thruplays,
        cast(organic.days_covered as bigint) as days_covered,
        cast(coalesce(content_ads.ads_delivering, 0) as bigint) as ads_delivering,
        cast(coalesce(content_ads.ad_impressions, 0) as bigint) as ad_impressions,
        cast(coalesce(content_ads.ad_clicks, 0) as bigint) as ad_clicks,
        cast(coalesce(content_ads.ad_video_views, 0) as bigint) as ad_video_views,
        cast(coalesce(content_ads.ad_thruplays, 0) as bigint) as ad_thruplays,
        cast(coalesce(content_ads.ad_conversions, 0) as decimal(38, 9)) as ad_conversions,
        cast(coalesce(content_ads.ad_conversion_value_thb, 0) as decimal(38, 9))
            as ad_conversion_value_thb,
        cast(coalesce(content_ads.ads_cost_meta_thb, 0) as decimal(38, 9)) as ads_cost_meta_thb,
        cast(coalesce(content_ads.ads_cost_tiktok_thb, 0) as decimal(38, 9))
            as ads_cost_tiktok_thb,
        cast(coalesce(content_ads.ads_cost_total, 0) as decimal(38, 9)) as ads_cost_total,
        organic.content_id is not null as has_organic_snapshot,
        coalesce(organic.is_catch_up, false) as is_catch_up,
        days.date_day
    from days
    inner join items
        on days.content_id = items.content_id
    left join organic
        on days.content_id = organic.content_id and days.date_day = organic.date_day
    left join content_ads
        on days.content_id = content_ads.content_id and days.date_day = content_ads.date_day
)

select * from final
