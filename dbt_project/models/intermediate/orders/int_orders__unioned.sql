-- One column contract for every marketplace's orders (documented in _orders__models.yml):
-- each platform maps onto it in one CTE and joins by `union all`. Amounts in currency units of
-- currency_code; revenue = what the buyer paid for the merchandise (after item promotions and
-- all vouchers, without shipping fee and tax).
with

shopee_orders as (
    select * from {{ ref('stg_shopee__orders') }}
),

lazada_orders as (
    select * from {{ ref('stg_lazada__orders') }}
),

tiktok_shop_orders as (
    select * from {{ ref('stg_tiktok_shop__orders') }}
),

shopee as (
    select
        order_id,
        shop_id,
        platform,
        platform_status,
        order_status,
        buyer_hash,
        payment_method,
        currency_code,
        shop_timezone,
        cast(coalesce(shipping_fee, 0) as decimal(38, 9)) as shipping_fee,
        cast(total_amount as decimal(38, 9)) as total_amount,
        -- Shopee's order detail has no voucher breakdown: the merchandise paid is the total
        -- minus the buyer's shipping fee (estimated_shipping_fee; the escrow API has the exact
        -- split, see DECISIONLOG.md)
        cast(total_amount - coalesce(shipping_fee, 0) as decimal(38, 9)) as revenue,
        is_cod,
        order_date,
        created_at,
        updated_at,
        paid_at
    from shopee_orders
),

lazada as (
    select
        order_id,
        shop_id,
        platform,
        platform_status,
        order_status,
        buyer_hash,
        payment_method,
        currency_code,
        shop_timezone,
        cast(coalesce(shipping_fee, 0) as decimal(38, 9)) as shipping_fee,
        cast(total_amount as decimal(38, 9)) as total_amount,
        cast(items_amount - coalesce(voucher_amount, 0) as decimal(38, 9)) as revenue,
        is_cod,
        order_date,
        created_at,
        updated_at,
        cast(null as {{ shops_sql_type('timestamp') }}) as paid_at
    from lazada_orders
),

tiktok_shop as (
    select
        order_id,
        shop_id,
        platform,
        platform_status,
        order_status,
        buyer_hash,
        payment_method,
        currency_code,
        shop_timezone,
        cast(coalesce(shipping_fee, 0) as decimal(38, 9)) as shipping_fee,
        cast(total_amount as decimal(38, 9)) as total_amount,
        cast(sub_total as decimal(38, 9)) as revenue,
        is_cod,
        order_date,
        created_at,
        updated_at,
        paid_at
    from tiktok_shop_orders
),

unioned as (
    select * from shopee
    union all
    select * from lazada
    union all
    select * from tiktok_shop
),

final as (
    select
        {{ surrogate_key(['platform', 'shop_id', 'order_id']) }} as order_key,
        *
    from unioned
)

select * from final
