with

source as (
    select * from {{ shops_source('shopee', 'shopee_products') }}
),

final as (
    select
        shop_id,
        item_id,
        model_id,
        coalesce(
            nullif(trim(model_sku), ''),
            nullif(trim(item_sku), ''),
            item_id || ':' || model_id
        ) as platform_sku,
        item_name as product_name,
        model_name as variation_name,
        item_status as product_status,
        currency_code,
        original_price,
        current_price,
        update_time as updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
