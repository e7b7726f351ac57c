with

source as (
    select * from {{ source('content', 'content_descriptors') }}
),

-- every load is the whole file: the latest load is the description in force, so a line deleted
-- from config/content.csv stops describing its post
latest as (
    select max(_loaded_at) as loaded_at from source
),

final as (
    select
        source.content_id,
        source.platform,
        source.platform_post_id,
        source.content_type,
        source.content_source,
        source.owner,
        array_to_string(source.products, '|') as products,
        source.status_override,
        source.note,
        source.influencer_cost_thb,
        source.source_line,
        source._loaded_at as loaded_at
    from source
    inner join latest
        on source._loaded_at = latest.loaded_at
)

select * from final
