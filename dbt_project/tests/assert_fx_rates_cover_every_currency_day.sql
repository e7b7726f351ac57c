-- FX coverage: every row of fct_ad_performance_daily found an ECB rate on or before its day.
-- A currency missing from seeds/fx_rates.csv (or a day before its first fixing) keeps its rows
-- in the fact with a null rate, and fails here — one row per currency with the days affected.
with

ad_performance as (
    select
        currency_code,
        fx_rate_to_thb,
        date_day
    from {{ ref('fct_ad_performance_daily') }}
),

final as (
    select
        currency_code,
        count(*) as rows_without_rate,
        min(date_day) as first_day_without_rate,
        max(date_day) as last_day_without_rate
    from ad_performance
    where fx_rate_to_thb is null
    group by currency_code
)

select * from final
