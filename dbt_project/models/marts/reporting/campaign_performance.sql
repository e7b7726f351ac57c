{{ config(**window_incremental_config('campaign_performance_id', ['platform', 'account_id'])) }}

with

ad_performance as (
    select
        account_id,
        campaign_id,
        platform,
        account_name,
        campaign_name,
        currency_code,
        spend,
        spend_thb,
        impressions,
        clicks,
        conversions,
        conversion_value,
        conversion_value_thb,
        fx_rate_to_thb,
        date_day
    from {{ ref('fct_ad_performance_daily') }}
    where {{ date_window_filter('date_day') }}
),

campaigns as (
    select
        campaign_id,
        platform,
        budget_level,
        daily_budget
    from {{ ref('dim_campaigns') }}
),

-- ad rows and campaign remainder rows together: the campaign's Ads Manager totals
campaign_days as (
    select
        account_id,
        campaign_id,
        platform,
        max(account_name) as account_name,
        max(campaign_name) as campaign_name,
        max(currency_code) as currency_code,
        sum(spend) as spend,
        sum(spend_thb) as spend_thb,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        sum(conversion_value_thb) as conversion_value_thb,
        max(fx_rate_to_thb) as fx_rate_to_thb,
        date_day
    from ad_performance
    group by
        account_id,
        campaign_id,
        platform,
        date_day
),

-- performance_status: the day's ROAS against the account's target ROAS (config/rules.yml,
-- resolved per account into var alert_rules): good / warning / poor; null without spend
with_status as (
    select
        campaign_days.*,
        {{ alert_threshold('roas_target', 'campaign_days.account_id') }} as roas_target,
        {{ safe_divide('coalesce(campaign_days.conversion_value, 0)', 'campaign_days.spend') }} as day_roas,
        {{ alert_threshold('good_roas_ratio', 'campaign_days.account_id') }} as good_roas_ratio,
        {{ alert_threshold('warning_roas_ratio', 'campaign_days.account_id') }} as warning_roas_ratio
    from campaign_days
),

final as (
    select
        {{ surrogate_key([
            'campaign_days.platform',
            'campaign_days.account_id',
            'campaign_days.campaign_id',
            'campaign_days.date_day',
        ]) }} as campaign_performance_id,
        campaign_days.account_id,
        campaign_days.campaign_id,
        campaign_days.platform,
        campaign_days.account_name,
        campaign_days.campaign_name,
        campaign_days.currency_code,
        campaigns.budget_level,
        cast(
            case
                when campaign_days.day_roas is null then null
                when campaign_days.day_roas >= campaign_days.good_roas_ratio * campaign_days.roas_target
                    then 'good'
                when campaign_days.day_roas >= campaign_days.warning_roas_ratio * campaign_days.roas_target
                    then 'warning'
                else 'poor'
            end as string
        ) as performance_status,
        cast(campaign_days.spend as decimal(38, 9)) as spend,
        cast(campaign_days.spend_thb as decimal(38, 9)) as spend_thb,
        cast(campaign_days.impressions as bigint) as impressions,
        cast(campaign_days.clicks as bigint) as clicks,
        cast(campaign_days.conversions as decimal(38, 9)) as conversions,
        cast(campaign_days.conversion_value as decimal(38, 9)) as conversion_value,
        cast(campaign_days.conversion_value_thb as decimal(38, 9)) as conversion_value_thb,
        {{ performance_ratios() }},
        cast(campaign_days.roas_target as decimal(38, 9)) as roas_target,
        campaigns.daily_budget,
        cast(campaigns.daily_budget * campaign_days.fx_rate_to_thb as decimal(38, 9)) as daily_budget_thb,
        campaign_days.date_day
    from with_status as campaign_days
    left join campaigns
        on
            campaign_days.platform = campaigns.platform
            and campaign_days.campaign_id = campaigns.campaign_id
)

-- stored by platform, then day, on DuckDB: a dashboard's read (a date range, often one platform)
-- then touches only its own rows' row groups and vectors (macros/cross_db/storage_order.sql)
select * from final
{{ storage_order(['platform', 'date_day']) }}
