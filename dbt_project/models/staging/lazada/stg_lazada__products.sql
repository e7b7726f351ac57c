with

source as (
    select * from {{ shops_source('lazada', 'lazada_products') }}
),

final as (
    select
        seller_id as shop_id,
        sku_id,
        item_id,
        seller_sku as platform_sku,
        shop_sku,
        name as product_name,
        status as product_status,
        currency_code,
        price as original_price,
        special_price as current_price,
        updated_time as updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
