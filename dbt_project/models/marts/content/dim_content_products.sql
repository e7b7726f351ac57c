-- One row per content item per product it shows (config/content.csv `products`), for joins to
-- the product dimension; items without a descriptor have no rows.
with

descriptor_products as (
    select
        content_id,
        sku
    from {{ ref('stg_content__descriptor_products') }}
),

items as (
    select content_id
    from {{ ref('int_content__unioned') }}
),

final as (
    select
        {{ surrogate_key(['descriptor_products.content_id', 'descriptor_products.sku']) }}
            as content_product_id,
        descriptor_products.content_id,
        cast(descriptor_products.sku as string) as sku
    from descriptor_products
    inner join items
        on descriptor_products.content_id = items.content_id
)

select * from final
