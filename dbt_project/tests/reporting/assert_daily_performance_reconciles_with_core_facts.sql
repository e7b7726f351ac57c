-- Reconciliation: per day, daily_performance's ad spend equals fct_ad_performance_daily's
-- spend_thb, its marketplace revenue equals fct_orders' (orders not cancelled) and its web
-- revenue and sessions equal int_ga4__sessions'. Differences up to 0.01 THB are rounding.
-- Returns one row per day that does not reconcile.
with

ads as (
    select date_day, sum(spend_thb) as spend_thb
    from {{ ref('fct_ad_performance_daily') }}
    group by date_day
),

orders as (
    select order_date as date_day, sum(revenue_thb) as revenue_thb, count(*) as orders
    from {{ ref('fct_orders') }}
    where order_status != 'cancelled'
    group by order_date
),

sessions as (
    select session_date as date_day, count(*) as sessions, sum(purchase_revenue_thb) as revenue_thb
    from {{ ref('int_ga4__sessions') }}
    group by session_date
),

mart as (
    select
        date_day,
        ad_spend_thb,
        marketplace_revenue_thb,
        marketplace_orders,
        web_revenue_thb,
        sessions
    from {{ ref('daily_performance') }}
),

compared as (
    select
        mart.date_day,
        mart.ad_spend_thb - coalesce(ads.spend_thb, 0) as spend_diff,
        mart.marketplace_revenue_thb - coalesce(orders.revenue_thb, 0) as marketplace_revenue_diff,
        mart.marketplace_orders - coalesce(orders.orders, 0) as orders_diff,
        mart.web_revenue_thb - coalesce(sessions.revenue_thb, 0) as web_revenue_diff,
        mart.sessions - coalesce(sessions.sessions, 0) as sessions_diff
    from mart
    left join ads on mart.date_day = ads.date_day
    left join orders on mart.date_day = orders.date_day
    left join sessions on mart.date_day = sessions.date_day
),

-- a fact day missing from the mart is a failure too
missing as (
    select ads.date_day from ads left join mart on ads.date_day = mart.date_day
    where mart.date_day is null and ads.spend_thb != 0
    union all
    select orders.date_day from orders left join mart on orders.date_day = mart.date_day
    where mart.date_day is null
)

select date_day, 'values differ' as problem from compared
where
    abs(spend_diff) > 0.01
    or abs(marketplace_revenue_diff) > 0.01
    or orders_diff != 0
    or abs(web_revenue_diff) > 0.01
    or sessions_diff != 0
union all
select date_day, 'day missing from the mart' as problem from missing
