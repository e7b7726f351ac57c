-- Reconciliation: per platform, shop and shop-local order day, the number of orders, what the
-- buyers paid (total_amount) and the units sold in fct_orders / fct_order_items equal the raw
-- layer's, read straight from the raw tables (not through staging):
--   Shopee total_amount; Lazada price - voucher + shipping_fee (it sends no total);
--   TikTok Shop payment.total_amount. Units: Shopee model_quantity_purchased, one Lazada item
--   and one TikTok Shop line item per unit.
-- Returns one row per (platform, shop, day) that does not reconcile.
with

shopee_orders as (
    select shop_id, create_time, account_timezone, total_amount
    from {{ shops_source('shopee', 'shopee_orders') }}
),

shopee_items as (
    select shop_id, order_sn as order_id, quantity
    from {{ shops_source('shopee', 'shopee_order_items') }}
),

lazada_orders as (
    select seller_id as shop_id, created_at, account_timezone, price, voucher, shipping_fee
    from {{ shops_source('lazada', 'lazada_orders') }}
),

lazada_items as (
    select seller_id as shop_id, order_id
    from {{ shops_source('lazada', 'lazada_order_items') }}
),

tiktok_shop_orders as (
    select shop_id, create_time, account_timezone, total_amount
    from {{ shops_source('tiktok_shop', 'tiktok_shop_orders') }}
),

tiktok_shop_items as (
    select shop_id, order_id
    from {{ shops_source('tiktok_shop', 'tiktok_shop_order_items') }}
),

orders as (
    select order_key, platform, shop_id, order_id, order_date, total_amount
    from {{ ref('fct_orders') }}
),

order_items as (
    select order_key, quantity
    from {{ ref('fct_order_items') }}
),

raw_orders as (
    select
        'shopee' as platform,
        shop_id,
        {{ shops_local_date('create_time', 'account_timezone') }} as order_date,
        total_amount
    from shopee_orders
    union all
    select
        'lazada' as platform,
        shop_id,
        {{ shops_local_date('created_at', 'account_timezone') }} as order_date,
        price - coalesce(voucher, 0) + coalesce(shipping_fee, 0) as total_amount
    from lazada_orders
    union all
    select
        'tiktok_shop' as platform,
        shop_id,
        {{ shops_local_date('create_time', 'account_timezone') }} as order_date,
        total_amount
    from tiktok_shop_orders
),

raw_units as (
    select 'shopee' as platform, shop_id, order_id, quantity from shopee_items
    union all
    select 'lazada' as platform, shop_id, order_id, 1 as quantity from lazada_items
    union all
    select 'tiktok_shop' as platform, shop_id, order_id, 1 as quantity from tiktok_shop_items
),

-- a raw line belongs to the day of its order (orders and lines load together)
raw_units_by_day as (
    select
        raw_units.platform,
        raw_units.shop_id,
        orders.order_date,
        sum(raw_units.quantity) as units
    from raw_units
    inner join orders
        on
            raw_units.platform = orders.platform
            and raw_units.shop_id = orders.shop_id
            and raw_units.order_id = orders.order_id
    group by
        raw_units.platform,
        raw_units.shop_id,
        orders.order_date
),

expected as (
    select
        raw_orders.platform,
        raw_orders.shop_id,
        raw_orders.order_date,
        count(*) as orders,
        sum(raw_orders.total_amount) as total_amount
    from raw_orders
    group by
        raw_orders.platform,
        raw_orders.shop_id,
        raw_orders.order_date
),

mart_units as (
    select
        orders.platform,
        orders.shop_id,
        orders.order_date,
        sum(order_items.quantity) as units
    from order_items
    inner join orders
        on order_items.order_key = orders.order_key
    group by
        orders.platform,
        orders.shop_id,
        orders.order_date
),

actual as (
    select
        platform,
        shop_id,
        order_date,
        count(*) as orders,
        sum(total_amount) as total_amount
    from orders
    group by
        platform,
        shop_id,
        order_date
),

final as (
    select
        coalesce(expected.platform, actual.platform) as platform,
        coalesce(expected.shop_id, actual.shop_id) as shop_id,
        coalesce(expected.order_date, actual.order_date) as order_date,
        expected.orders as expected_orders,
        actual.orders as actual_orders,
        expected.total_amount as expected_total_amount,
        actual.total_amount as actual_total_amount,
        raw_units_by_day.units as expected_units,
        mart_units.units as actual_units
    from expected
    full outer join actual
        on
            expected.platform = actual.platform
            and expected.shop_id = actual.shop_id
            and expected.order_date = actual.order_date
    left join raw_units_by_day
        on
            coalesce(expected.platform, actual.platform) = raw_units_by_day.platform
            and coalesce(expected.shop_id, actual.shop_id) = raw_units_by_day.shop_id
            and coalesce(expected.order_date, actual.order_date) = raw_units_by_day.order_date
    left join mart_units
        on
            coalesce(expected.platform, actual.platform) = mart_units.platform
            and coalesce(expected.shop_id, actual.shop_id) = mart_units.shop_id
            and coalesce(expected.order_date, actual.order_date) = mart_units.order_date
    where
        expected.platform is null
        or actual.platform is null
        or expected.orders != actual.orders
        or abs(coalesce(expected.total_amount, 0) - coalesce(actual.total_amount, 0)) > 0.005
        or coalesce(raw_units_by_day.units, 0) != coalesce(mart_units.units, 0)
)

select * from final
