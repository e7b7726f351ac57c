-- Reconciliation: spend and impressions per platform, account and account-local day in
-- fct_ad_performance_daily equal the platform's totals in the raw layer, read straight from the
-- sources (not through staging):
--   Meta: per campaign and day, the campaign-level insights where they exist, else the sum of
--   the ad-level rows. A campaign whose ad rows exceed its campaign totals (no remainder can fix
--   that) fails here, as it should. Spend differences up to 0.005 per campaign are immaterial
--   by the remainder rule and tolerated. Restricted to the partition window when one is passed.
-- Returns one row per (platform, account, day) that does not reconcile.
with

meta_ads_insights as (
    select
        account_id,
        campaign_id,
        date_day,
        spend,
        impressions
    from {{ source('meta', 'meta_ads_insights') }}
    where {{ all_partitions('date_day') }} and {{ date_window_filter('date_day') }}
),

meta_campaigns_insights as (
    select
        account_id,
        campaign_id,
        date_day,
        spend,
        impressions
    from {{ source('meta', 'meta_campaigns_insights') }}
    where {{ all_partitions('date_day') }} and {{ date_window_filter('date_day') }}
),

ad_performance as (
    select
        platform,
        account_id,
        date_day,
        spend,
        impressions
    from {{ ref('fct_ad_performance_daily') }}
    -- other platforms reconcile in their own tests (assert_<platform>_performance_...)
    where platform = 'meta' and {{ date_window_filter('date_day') }}
),

meta_ad_totals as (
    select
        account_id,
        campaign_id,
        date_day,
        sum(coalesce(spend, 0)) as spend,
        sum(coalesce(impressions, 0)) as impressions
    from meta_ads_insights
    group by
        account_id,
        campaign_id,
        date_day
),

meta_campaign_days as (
    select
        coalesce(campaign_level.account_id, ad_level.account_id) as account_id,
        coalesce(campaign_level.date_day, ad_level.date_day) as date_day,
        case
            when campaign_level.campaign_id is not null then coalesce(campaign_level.spend, 0)
            else ad_level.spend
        end as spend,
        case
            when campaign_level.campaign_id is not null then coalesce(campaign_level.impressions, 0)
            else ad_level.impressions
        end as impressions
    from meta_campaigns_insights as campaign_level
    full outer join meta_ad_totals as ad_level
        on
            campaign_level.account_id = ad_level.account_id
            and campaign_level.campaign_id = ad_level.campaign_id
            and campaign_level.date_day = ad_level.date_day
),

expected as (
    select
        'meta' as platform,
        account_id,
        date_day,
        sum(spend) as spend,
        sum(impressions) as impressions,
        count(*) as campaigns
    from meta_campaign_days
    group by
        account_id,
        date_day
),

actual as (
    select
        platform,
        account_id,
        date_day,
        sum(spend) as spend,
        sum(impressions) as impressions
    from ad_performance
    group by
        platform,
        account_id,
        date_day
),

final as (
    select
        coalesce(expected.platform, actual.platform) as platform,
        coalesce(expected.account_id, actual.account_id) as account_id,
        coalesce(expected.date_day, actual.date_day) as date_day,
        expected.spend as expected_spend,
        actual.spend as actual_spend,
        expected.impressions as expected_impressions,
        actual.impressions as actual_impressions
    from expected
    full outer join actual
        on
            expected.platform = actual.platform
            and expected.account_id = actual.account_id
            and expected.date_day = actual.date_day
    where
        expected.account_id is null
        or actual.account_id is null
        or abs(expected.spend - actual.spend) > 0.005 * expected.campaigns
        or expected.impressions != actual.impressions
)

select * from final
