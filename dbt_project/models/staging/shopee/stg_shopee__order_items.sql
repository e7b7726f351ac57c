with

source as (
    select * from {{ shops_source('shopee', 'shopee_order_items') }}
),

final as (
    select
        {{ surrogate_key(["'shopee'", 'shop_id', 'order_sn', 'order_item_id', 'model_id']) }}
            as order_line_id,
        order_sn as order_id,
        shop_id,
        order_item_id,
        item_id,
        model_id,
        -- the seller SKU Shopee reports (the model's, else the item's), else item_id:model_id
        coalesce(
            nullif(trim(model_sku), ''),
            nullif(trim(item_sku), ''),
            item_id || ':' || model_id
        ) as platform_sku,
        item_name,
        model_name,
        promotion_type,
        currency_code,
        quantity,
        original_price as unit_original_price,
        discounted_price as unit_sale_price,
        is_main_item,
        order_update_time as order_updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
