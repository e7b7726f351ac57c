{{ config(severity='warn') }}
-- FX staleness: a report day more than 7 days after its currency's last ECB fixing in the seed
-- still gets that last rate (as-of join). Warn, so the seed is refreshed
-- (scripts/fx_seed_from_ecb.py) before the rates drift.
with

ad_performance as (
    select
        currency_code,
        date_day
    from {{ ref('fct_ad_performance_daily') }}
),

fx_rates as (
    select
        currency_code,
        valid_from_date
    from {{ ref('int_fx_rates__as_of') }}
),

last_fixings as (
    select
        currency_code,
        max(valid_from_date) as last_fixing_date
    from fx_rates
    group by currency_code
),

latest_report_days as (
    select
        currency_code,
        max(date_day) as last_report_date
    from ad_performance
    group by currency_code
),

final as (
    select
        latest_report_days.currency_code,
        last_fixings.last_fixing_date,
        latest_report_days.last_report_date
    from latest_report_days
    inner join last_fixings
        on latest_report_days.currency_code = last_fixings.currency_code
    where {{ day_number('latest_report_days.last_report_date') }} - {{ day_number('last_fixings.last_fixing_date') }} > 7
)

select * from final
