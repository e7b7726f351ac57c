with

source as (
    select * from {{ shops_source('shops', 'sku_mapping') }}
),

-- every load is the whole file: the latest load is the mapping in force, so a line deleted
-- from config/sku_mapping.csv stops mapping
latest as (
    select max(_loaded_at) as loaded_at from source
),

final as (
    select
        source.platform,
        source.shop as shop_key,
        source.shop_id,
        source.platform_sku,
        source.master_sku,
        source.product_group,
        source.note,
        source.source_line,
        source._loaded_at as loaded_at
    from source
    inner join latest
        on source._loaded_at = latest.loaded_at
)

select * from final
