-- Reconciliation: per ad platform and day, the ad cost attributed to content in
-- fct_content_metrics_daily equals the spend (THB) of the ads that have a content link
-- (int_content__linked_to_ads.has_content) in fct_ad_performance_daily — no linked spend lost,
-- none counted twice, none given to content no ad uses. Restricted to the partition window when
-- one is passed. Returns one row per (platform, day) that does not reconcile (tolerance 0.005).
with

linked_ads as (
    select
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
        date_day
    from {{ ref('fct_ad_performance_daily') }}
    where reporting_level = 'ad' and {{ date_window_filter('date_day') }}
),

linked_spend as (
    select
        ad_performance.platform,
        ad_performance.date_day,
        sum(ad_performance.spend_thb) as spend_thb
    from ad_performance
    inner join linked_ads
        on
            ad_performance.platform = linked_ads.ad_platform
            and ad_performance.account_id = linked_ads.account_id
            and ad_performance.ad_id = linked_ads.ad_id
    group by ad_performance.platform, ad_performance.date_day
),

content_metrics as (
    select
        ads_cost_meta_thb,
        ads_cost_tiktok_thb,
        date_day
    from {{ ref('fct_content_metrics_daily') }}
    where {{ date_window_filter('date_day') }}
),

attributed as (
    select
        'meta' as platform,
        date_day,
        sum(ads_cost_meta_thb) as cost_thb
    from content_metrics
    group by date_day
    union all
    select
        'tiktok' as platform,
        date_day,
        sum(ads_cost_tiktok_thb) as cost_thb
    from content_metrics
    group by date_day
),

compared as (
    select
        coalesce(linked_spend.platform, attributed.platform) as platform,
        coalesce(linked_spend.date_day, attributed.date_day) as date_day,
        coalesce(linked_spend.spend_thb, 0) as linked_spend_thb,
        coalesce(attributed.cost_thb, 0) as attributed_cost_thb
    from linked_spend
    full outer join attributed
        on
            linked_spend.platform = attributed.platform
            and linked_spend.date_day = attributed.date_day
)

select *
from compared
where abs(linked_spend_thb - attributed_cost_thb) > 0.005
