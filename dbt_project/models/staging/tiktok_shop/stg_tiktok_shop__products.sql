with

source as (
    select * from {{ shops_source('tiktok_shop', 'tiktok_shop_products') }}
),

final as (
    select
        shop_id,
        sku_id,
        product_id,
        seller_sku as platform_sku,
        title as product_name,
        status as product_status,
        currency_code,
        sale_price as current_price,
        update_time as updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
