-- Reconciliation: per platform, account and day, the spend (account currency and THB),
-- impressions and clicks of campaign_performance and of ads_channel_performance equal
-- fct_ad_performance_daily's; cross_channel_attribution's spend equals campaign_performance's.
-- Returns one row per (mart, platform, account, day) that does not reconcile.
with

facts as (
    select
        platform,
        account_id,
        date_day,
        sum(spend) as spend,
        sum(spend_thb) as spend_thb,
        sum(impressions) as impressions,
        sum(clicks) as clicks
    from {{ ref('fct_ad_performance_daily') }}
    group by platform, account_id, date_day
),

campaigns as (
    select
        'campaign_performance' as mart,
        platform,
        account_id,
        date_day,
        sum(spend) as spend,
        sum(spend_thb) as spend_thb,
        sum(impressions) as impressions,
        sum(clicks) as clicks
    from {{ ref('campaign_performance') }}
    group by platform, account_id, date_day
),

channels as (
    select
        'ads_channel_performance' as mart,
        platform,
        account_id,
        date_day,
        sum(spend) as spend,
        sum(spend_thb) as spend_thb,
        sum(impressions) as impressions,
        sum(clicks) as clicks
    from {{ ref('ads_channel_performance') }}
    group by platform, account_id, date_day
),

marts as (
    select * from campaigns
    union all
    select * from channels
),

attribution as (
    select platform, date_day, sum(spend_thb) as spend_thb
    from {{ ref('cross_channel_attribution') }}
    group by platform, date_day
),

campaign_totals as (
    select platform, date_day, sum(spend_thb) as spend_thb
    from campaigns
    group by platform, date_day
)

select marts.mart, facts.platform, facts.account_id, facts.date_day
from facts
cross join (select 'campaign_performance' as mart union all select 'ads_channel_performance') as m
left join marts
    on m.mart = marts.mart
    and facts.platform = marts.platform
    and facts.account_id = marts.account_id
    and facts.date_day = marts.date_day
where
    marts.mart is null and (facts.spend != 0 or facts.impressions != 0)
    or abs(facts.spend - marts.spend) > 0.01
    or abs(coalesce(facts.spend_thb, 0) - coalesce(marts.spend_thb, 0)) > 0.01
    or facts.impressions != marts.impressions
    or facts.clicks != marts.clicks
union all
select 'cross_channel_attribution' as mart, campaign_totals.platform, null as account_id,
    campaign_totals.date_day
from campaign_totals
left join attribution
    on campaign_totals.platform = attribution.platform
    and campaign_totals.date_day = attribution.date_day
where abs(coalesce(campaign_totals.spend_thb, 0) - coalesce(attribution.spend_thb, 0)) > 0.01
