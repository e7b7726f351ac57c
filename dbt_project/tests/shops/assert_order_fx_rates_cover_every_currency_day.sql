-- FX coverage of the order facts, a warning: orders in a currency without ECB rates in
-- seeds/fx_rates.csv (VND — the recorded Shopee Vietnam order —, or a day before a currency's
-- first fixing) keep their amounts in currency units with null _thb amounts. One row per
-- currency with the days affected. No rate is invented (DECISIONLOG.md).
{{ config(severity='warn') }}

with

orders as (
    select currency_code, fx_rate_to_thb, order_date
    from {{ ref('fct_orders') }}
),

final as (
    select
        currency_code,
        count(*) as orders_without_rate,
        min(order_date) as first_day_without_rate,
        max(order_date) as last_day_without_rate
    from orders
    where fx_rate_to_thb is null
    group by currency_code
)

select * from final
