-- Reconciliation, TikTok: spend, impressions, clicks and purchases per advertiser and
-- advertiser-local day in fct_ad_performance_daily equal the ad-level report in the raw layer,
-- read straight from the source. TikTok has no campaign remainder (its ad-level report is its
-- only report), so the match is exact: a row lost, doubled or re-unitized on the way fails
-- here. Restricted to the partition window when one is passed. Returns one row per advertiser
-- and day that does not reconcile.
with

ads_reports as (
    select
        account_id,
        date_day,
        spend,
        impressions,
        clicks,
        complete_payment
    from {{ tiktok_source('tiktok_ads_reports_daily') }}
    where {{ all_partitions('date_day') }} and {{ date_window_filter('date_day') }}
),

ad_performance as (
    select
        account_id,
        date_day,
        spend,
        impressions,
        clicks,
        conversions
    from {{ ref('fct_ad_performance_daily') }}
    where platform = 'tiktok' and {{ date_window_filter('date_day') }}
),

expected as (
    select
        account_id,
        date_day,
        sum(coalesce(spend, 0)) as spend,
        sum(coalesce(impressions, 0)) as impressions,
        sum(coalesce(clicks, 0)) as clicks,
        sum(coalesce(complete_payment, 0)) as purchases
    from ads_reports
    group by
        account_id,
        date_day
),

actual as (
    select
        account_id,
        date_day,
        sum(spend) as spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(conversions) as purchases
    from ad_performance
    group by
        account_id,
        date_day
),

final as (
    select
        coalesce(expected.account_id, actual.account_id) as account_id,
        coalesce(expected.date_day, actual.date_day) as date_day,
        expected.spend as expected_spend,
        actual.spend as actual_spend,
        expected.impressions as expected_impressions,
        actual.impressions as actual_impressions
    from expected
    full outer join actual
        on
            expected.account_id = actual.account_id
            and expected.date_day = actual.date_day
    where
        expected.account_id is null
        or actual.account_id is null
        or expected.spend != actual.spend
        or expected.impressions != actual.impressions
        or expected.clicks != actual.clicks
        or expected.purchases != actual.purchases
)

select * from final
