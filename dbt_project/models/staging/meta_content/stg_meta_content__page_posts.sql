with

source as (
    select * from {{ source('meta_content', 'meta_page_posts') }}
),

final as (
    select
        content_id,
        post_id,
        account_id as page_id,
        video_id,
        message,
        permalink_url,
        status_type,
        media_type,
        account_timezone,
        created_time as created_at,
        _loaded_at as loaded_at
    from source
)

select * from final
