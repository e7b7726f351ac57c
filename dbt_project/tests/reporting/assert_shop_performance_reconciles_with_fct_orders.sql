-- Reconciliation: per platform, shop and day, shop_performance's orders, cancelled orders and
-- revenue (shop currency) equal fct_orders' (revenue of orders not cancelled), and every
-- (platform, shop, day) of fct_orders has a row. Returns the rows that do not reconcile.
with

facts as (
    select
        platform,
        shop_id,
        order_date as date_day,
        count(case when order_status != 'cancelled' then 1 end) as orders,
        count(case when order_status = 'cancelled' then 1 end) as cancelled_orders,
        sum(case when order_status != 'cancelled' then revenue else 0 end) as revenue
    from {{ ref('fct_orders') }}
    group by platform, shop_id, order_date
),

mart as (
    select platform, shop_id, date_day, orders, cancelled_orders, revenue
    from {{ ref('shop_performance') }}
)

select
    coalesce(facts.platform, mart.platform) as platform,
    coalesce(facts.shop_id, mart.shop_id) as shop_id,
    coalesce(facts.date_day, mart.date_day) as date_day,
    facts.revenue as fact_revenue,
    mart.revenue as mart_revenue
from facts
full outer join mart
    on facts.platform = mart.platform
    and facts.shop_id = mart.shop_id
    and facts.date_day = mart.date_day
where
    facts.platform is null
    or mart.platform is null
    or facts.orders != mart.orders
    or facts.cancelled_orders != mart.cancelled_orders
    or abs(facts.revenue - mart.revenue) > 0.01
