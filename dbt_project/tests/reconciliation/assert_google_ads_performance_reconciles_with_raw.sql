-- Reconciliation, Google Ads: spend and impressions per account and account-local day in
-- fct_ad_performance_daily equal the campaign-level stats in the raw layer (every campaign's
-- totals, Performance Max included), read straight from the source. A Search campaign counted
-- twice (ad rows plus its campaign row) or a Performance Max campaign left out fails here, as
-- does a campaign whose ad rows exceed its campaign row (no remainder can fix that). Spend is
-- compared exactly up to 0.005 per campaign (the remainder's materiality threshold). Restricted
-- to the partition window when one is passed. Returns one row per account and day that does
-- not reconcile.
with

campaign_stats as (
    select
        account_id,
        date_day,
        {{ from_micros('cost_micros') }} as spend,
        impressions
    from {{ google_ads_source('google_ads_campaign_stats_daily') }}
    where {{ all_partitions('date_day') }} and {{ date_window_filter('date_day') }}
),

ad_performance as (
    select
        account_id,
        date_day,
        spend,
        impressions
    from {{ ref('fct_ad_performance_daily') }}
    where platform = 'google_ads' and {{ date_window_filter('date_day') }}
),

expected as (
    select
        account_id,
        date_day,
        sum(spend) as spend,
        sum(impressions) as impressions,
        count(*) as campaigns
    from campaign_stats
    group by
        account_id,
        date_day
),

actual as (
    select
        account_id,
        date_day,
        sum(spend) as spend,
        sum(impressions) as impressions
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
        or abs(expected.spend - actual.spend) > 0.005 * expected.campaigns
        or expected.impressions != actual.impressions
)

select * from final
