with

source as (
    select * from {{ source('tiktok_content', 'tiktok_posts') }}
),

final as (
    select
        content_id,
        item_id,
        account_id as tiktok_account_id,
        caption,
        share_url,
        cast(video_duration_s as decimal(38, 9)) as video_duration_s,
        account_timezone,
        created_time as created_at,
        _loaded_at as loaded_at
    from source
)

select * from final
