-- One row per order line of every marketplace, on one column contract (_orders__models.yml):
-- quantity, list price, promotions, vouchers and the line's revenue (what the buyer paid for
-- it) in currency units. Where a platform does not split vouchers per line (Shopee), the
-- order's vouchers are allocated over its lines in proportion to their sale amounts.
with

shopee_items as (
    select * from {{ ref('stg_shopee__order_items') }}
),

shopee_orders as (
    select
        order_id,
        shop_id,
        order_status,
        shipping_fee,
        total_amount,
        order_date
    from {{ ref('stg_shopee__orders') }}
),

lazada_items as (
    select * from {{ ref('stg_lazada__order_items') }}
),

lazada_orders as (
    select
        order_id,
        shop_id,
        order_date
    from {{ ref('stg_lazada__orders') }}
),

tiktok_shop_items as (
    select * from {{ ref('stg_tiktok_shop__order_items') }}
),

tiktok_shop_orders as (
    select
        order_id,
        shop_id,
        order_status,
        order_date
    from {{ ref('stg_tiktok_shop__orders') }}
),

shopee_lines as (
    select
        shopee_items.*,
        shopee_items.unit_sale_price * shopee_items.quantity as sale_amount,
        sum(shopee_items.unit_sale_price * shopee_items.quantity)
            over (partition by shopee_items.shop_id, shopee_items.order_id) as order_sale_amount,
        shopee_orders.order_status,
        shopee_orders.shipping_fee,
        shopee_orders.total_amount,
        shopee_orders.order_date
    from shopee_items
    left join shopee_orders
        on
            shopee_items.shop_id = shopee_orders.shop_id
            and shopee_items.order_id = shopee_orders.order_id
),

-- the order's vouchers: sale amounts + buyer shipping fee - what the buyer paid (never below 0)
shopee_vouchers as (
    select
        *,
        case
            when order_sale_amount > 0
                then
                    greatest(order_sale_amount + coalesce(shipping_fee, 0) - total_amount, 0)
                    * sale_amount / order_sale_amount
            else 0
        end as voucher_share
    from shopee_lines
),

shopee as (
    select
        order_line_id,
        order_id,
        shop_id,
        'shopee' as platform,
        platform_sku,
        coalesce(item_name || coalesce(' - ' || nullif(model_name, ''), ''), item_name)
            as product_name,
        order_status as line_status,
        currency_code,
        cast(quantity as bigint) as quantity,
        cast(unit_original_price as decimal(38, 9)) as unit_list_price,
        cast((unit_original_price - unit_sale_price) * quantity as decimal(38, 9))
            as item_discount_amount,
        cast(voucher_share as decimal(38, 9)) as voucher_amount,
        cast(sale_amount - voucher_share as decimal(38, 9)) as line_revenue,
        order_date
    from shopee_vouchers
),

-- Lazada: one item per unit; its order item carries the promotional price only (no list
-- price), so the item promotion is not visible per line (0)
lazada as (
    select
        lazada_items.order_line_id,
        lazada_items.order_id,
        lazada_items.shop_id,
        'lazada' as platform,
        lazada_items.platform_sku,
        lazada_items.product_name,
        lazada_items.line_status,
        lazada_items.currency_code,
        cast(lazada_items.quantity as bigint) as quantity,
        cast(lazada_items.unit_sale_price as decimal(38, 9)) as unit_list_price,
        cast(0 as decimal(38, 9)) as item_discount_amount,
        cast(
            coalesce(lazada_items.voucher_seller, 0) + coalesce(lazada_items.voucher_platform, 0)
            as decimal(38, 9)
        ) as voucher_amount,
        cast(lazada_items.paid_price as decimal(38, 9)) as line_revenue,
        lazada_orders.order_date
    from lazada_items
    left join lazada_orders
        on
            lazada_items.shop_id = lazada_orders.shop_id
            and lazada_items.order_id = lazada_orders.order_id
),

-- TikTok Shop: one line item per unit; seller_discount holds the seller's promotion and its
-- voucher share together, platform_discount the platform's
tiktok_shop as (
    select
        tiktok_shop_items.order_line_id,
        tiktok_shop_items.order_id,
        tiktok_shop_items.shop_id,
        'tiktok_shop' as platform,
        tiktok_shop_items.platform_sku,
        tiktok_shop_items.product_name,
        tiktok_shop_orders.order_status as line_status,
        tiktok_shop_items.currency_code,
        cast(tiktok_shop_items.quantity as bigint) as quantity,
        cast(tiktok_shop_items.unit_original_price as decimal(38, 9)) as unit_list_price,
        cast(coalesce(tiktok_shop_items.seller_discount, 0) as decimal(38, 9))
            as item_discount_amount,
        cast(coalesce(tiktok_shop_items.platform_discount, 0) as decimal(38, 9)) as voucher_amount,
        cast(tiktok_shop_items.unit_sale_price as decimal(38, 9)) as line_revenue,
        tiktok_shop_orders.order_date
    from tiktok_shop_items
    left join tiktok_shop_orders
        on
            tiktok_shop_items.shop_id = tiktok_shop_orders.shop_id
            and tiktok_shop_items.order_id = tiktok_shop_orders.order_id
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
        order_line_id,
        {{ surrogate_key(['platform', 'shop_id', 'order_id']) }} as order_key,
        order_id,
        shop_id,
        platform,
        platform_sku,
        product_name,
        line_status,
        currency_code,
        quantity,
        unit_list_price,
        cast(unit_list_price * quantity as decimal(38, 9)) as gross_amount,
        item_discount_amount,
        voucher_amount,
        line_revenue,
        order_date
    from unioned
)

select * from final
