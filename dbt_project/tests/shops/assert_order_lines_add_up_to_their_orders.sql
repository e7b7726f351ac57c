-- Invariant: per order, the lines' revenue adds up to the order's revenue (what the buyer paid
-- for the merchandise), within half a minor unit per line (voucher allocation rounding).
-- Returns the orders where it does not.
with

orders as (
    select order_key, platform, order_id, revenue, line_count
    from {{ ref('fct_orders') }}
),

order_items as (
    select order_key, line_revenue
    from {{ ref('fct_order_items') }}
),

line_totals as (
    select
        order_key,
        sum(line_revenue) as line_revenue
    from order_items
    group by order_key
),

final as (
    select
        orders.platform,
        orders.order_id,
        orders.revenue,
        line_totals.line_revenue
    from orders
    left join line_totals
        on orders.order_key = line_totals.order_key
    where
        orders.line_count > 0
        and abs(orders.revenue - coalesce(line_totals.line_revenue, 0))
        > 0.005 * orders.line_count
)

select * from final
