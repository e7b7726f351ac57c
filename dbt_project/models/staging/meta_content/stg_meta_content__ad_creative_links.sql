with

source as (
    select * from {{ source('meta_content', 'meta_ad_creative_links') }}
),

final as (
    select
        ad_id,
        account_id,
        creative_id,
        object_story_id,
        effective_object_story_id,
        effective_instagram_media_id,
        _loaded_at as loaded_at
    from source
)

select * from final
