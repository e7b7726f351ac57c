with

source as (
    select * from {{ source('meta_content', 'meta_instagram_media') }}
),

final as (
    select
        content_id,
        media_id,
        account_id as instagram_account_id,
        caption,
        media_type,
        media_product_type,
        permalink,
        shortcode,
        account_timezone,
        created_time as created_at,
        _loaded_at as loaded_at
    from source
)

select * from final
