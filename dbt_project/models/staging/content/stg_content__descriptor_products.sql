with

source as (
    select * from {{ source('content', 'content_descriptors') }}
),

latest as (
    select max(_loaded_at) as loaded_at from source
),

final as (
    select
        source.content_id,
        sku,
        source.platform,
        source.platform_post_id
    from source
    inner join latest
        on source._loaded_at = latest.loaded_at
    cross join unnest(source.products) as sku
)

select * from final
