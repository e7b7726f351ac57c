{{
    config(
        partition_by=day_partitioning('date_day'),
        cluster_by=['platform', 'account_id'],
        contract={'enforced': true},
    )
}}

-- Platform-agnostic: every platform in fct_ad_performance_daily and dim_campaigns gets its rows
-- (Meta, Google Ads, TikTok once its branch lands), nothing here names a platform.
with

ad_performance as (
    select
        platform,
        account_id,
        account_name,
        currency_code,
        account_timezone,
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
),

campaigns as (
    select
        platform,
        account_id,
        status,
        daily_budget
    from {{ ref('dim_campaigns') }}
),

-- ad rows and campaign rows together: the account's platform totals for its local day
account_days as (
    select
        platform,
        account_id,
        max(account_name) as account_name,
        max(currency_code) as currency_code,
        max(account_timezone) as account_timezone,
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
        platform,
        account_id,
        date_day
),

-- the budget owners switched on now: a campaign's daily budget in dim_campaigns is its own
-- (campaign budget) or the sum of its active ad groups' budgets
account_budgets as (
    select
        platform,
        account_id,
        sum(daily_budget) as daily_budget,
        count(*) as active_campaigns
    from campaigns
    where status = 'ACTIVE' and daily_budget is not null
    group by
        platform,
        account_id
),

final as (
    select
        {{ surrogate_key(['account_days.platform', 'account_days.account_id', 'account_days.date_day']) }}
            as channel_performance_id,
        account_days.account_id,
        account_days.platform,
        account_days.account_name,
        account_days.currency_code,
        account_days.account_timezone,
        cast(account_days.spend as decimal(38, 9)) as spend,
        cast(account_days.spend_thb as decimal(38, 9)) as spend_thb,
        cast(account_days.impressions as bigint) as impressions,
        cast(account_days.clicks as bigint) as clicks,
        cast(account_days.conversions as decimal(38, 9)) as conversions,
        cast(account_days.conversion_value as decimal(38, 9)) as conversion_value,
        cast(account_days.conversion_value_thb as decimal(38, 9)) as conversion_value_thb,
        {{ performance_ratios() }},
        cast(account_budgets.daily_budget as decimal(38, 9)) as daily_budget,
        cast(account_budgets.daily_budget * account_days.fx_rate_to_thb as decimal(38, 9))
            as daily_budget_thb,
        cast(
            {{ safe_divide('account_days.spend', 'account_budgets.daily_budget') }} as decimal(38, 9)
        ) as budget_utilization,
        cast(coalesce(account_budgets.active_campaigns, 0) as bigint) as active_campaigns,
        account_days.date_day
    from account_days
    left join account_budgets
        on
            account_days.platform = account_budgets.platform
            and account_days.account_id = account_budgets.account_id
)

select * from final
