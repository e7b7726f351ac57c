with

source as (
    select * from {{ shops_source('tiktok_shop', 'tiktok_shop_order_items') }}
),

final as (
    select
        {{ surrogate_key(["'tiktok_shop'", 'shop_id', 'line_item_id']) }} as order_line_id,
        line_item_id,
        order_id,
        shop_id,
        seller_sku as platform_sku,
        sku_id,
        product_id,
        product_name,
        sku_name,
        display_status as platform_status,
        currency_code,
        -- TikTok Shop lists one line item per unit
        1 as quantity,
        original_price as unit_original_price,
        sale_price as unit_sale_price,
        seller_discount,
        platform_discount,
        coalesce(is_gift, false) as is_gift,
        order_update_time as order_updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
