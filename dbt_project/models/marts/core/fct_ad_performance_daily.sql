{{ config(**window_incremental_config('ad_performance_id', ['platform', 'account_id'])) }}

-- Incremental by the partition window (--vars min_date/max_date, account-local days); without
-- the vars every day is rebuilt. See macros/incremental/date_window.sql.
with

ads_performance as (
    select
        ad_performance_id,
        account_id,
        campaign_id,
        ad_group_id,
        ad_id,
        platform,
        reporting_level,
        account_name,
        campaign_name,
        ad_group_name,
        ad_name,
        currency_code,
        account_timezone,
        spend,
        impressions,
        clicks,
        reach,
        conversions,
        conversion_value,
        video_views,
        video_thruplays,
        date_day
    from {{ ref('int_ads__unioned') }}
    where {{ date_window_filter('date_day') }}
),

fx_rates as (
    select
        currency_code,
        rate_to_thb,
        valid_from_date,
        valid_until_date
    from {{ ref('int_fx_rates__as_of') }}
),

-- as-of join: the ECB fixing whose span [valid_from_date, valid_until_date) holds the day. A
-- left join, so a currency or day without a rate keeps its row (with a null rate) and fails
-- the FX coverage test instead of vanishing.
converted as (
    select
        ads_performance.*,
        fx_rates.rate_to_thb as fx_rate_to_thb
    from ads_performance
    left join fx_rates
        on
            ads_performance.currency_code = fx_rates.currency_code
            and ads_performance.date_day >= fx_rates.valid_from_date
            and ads_performance.date_day < fx_rates.valid_until_date
),

final as (
    select
        ad_performance_id,
        account_id,
        campaign_id,
        ad_group_id,
        ad_id,
        platform,
        reporting_level,
        account_name,
        campaign_name,
        ad_group_name,
        ad_name,
        currency_code,
        account_timezone,
        spend,
        impressions,
        clicks,
        reach,
        conversions,
        conversion_value,
        video_views,
        video_thruplays,
        fx_rate_to_thb,
        cast(spend * fx_rate_to_thb as decimal(38, 9)) as spend_thb,
        cast(conversion_value * fx_rate_to_thb as decimal(38, 9)) as conversion_value_thb,
        {{ performance_ratios() }},
        date_day
    from converted
)

select * from final
