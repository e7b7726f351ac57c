with

source as (
    select * from {{ shops_source('lazada', 'lazada_order_items') }}
),

final as (
    select
        {{ surrogate_key(["'lazada'", 'seller_id', 'order_item_id']) }} as order_line_id,
        order_item_id,
        order_id,
        seller_id as shop_id,
        sku as platform_sku,
        shop_sku,
        sku_id,
        product_id,
        name as product_name,
        variation,
        status as item_status,
        case
            when status = 'confirmed' then 'completed'
            when status = 'canceled' then 'cancelled'
            when status = 'returned' then 'refunded'
            else 'pending'
        end as line_status,
        cancel_return_initiator,
        reason,
        currency_code,
        -- Lazada lists one item per unit
        1 as quantity,
        item_price as unit_sale_price,
        paid_price,
        voucher_seller,
        voucher_platform,
        shipping_amount,
        tax_amount,
        created_at,
        updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
