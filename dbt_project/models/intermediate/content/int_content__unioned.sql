-- One row per content item across platforms, in one column contract: the posts, media and
-- videos the content syncs list, with their stable content_id (uuid5, extractors/content/ids.py).
with

page_posts as (
    select
        content_id,
        post_id,
        page_id,
        video_id,
        message,
        permalink_url,
        media_type,
        account_timezone,
        created_at
    from {{ ref('stg_meta_content__page_posts') }}
),

instagram_media as (
    select
        content_id,
        media_id,
        instagram_account_id,
        caption,
        permalink,
        media_type,
        media_product_type,
        account_timezone,
        created_at
    from {{ ref('stg_meta_content__instagram_media') }}
),

tiktok_posts as (
    select
        content_id,
        item_id,
        tiktok_account_id,
        caption,
        share_url,
        video_duration_s,
        account_timezone,
        created_at
    from {{ ref('stg_tiktok_content__posts') }}
),

facebook as (
    select
        content_id,
        'facebook' as platform,
        post_id as platform_post_id,
        page_id as account_id,
        message as caption,
        permalink_url,
        case when video_id is not null then 'video' else coalesce(media_type, 'status') end
            as content_format,
        account_timezone,
        cast(null as decimal(38, 9)) as video_duration_s,
        created_at
    from page_posts
),

instagram as (
    select
        content_id,
        'instagram' as platform,
        media_id as platform_post_id,
        instagram_account_id as account_id,
        caption,
        permalink as permalink_url,
        case
            when media_product_type = 'REELS' then 'reel'
            when media_type = 'CAROUSEL_ALBUM' then 'carousel'
            else lower(media_type)
        end as content_format,
        account_timezone,
        cast(null as decimal(38, 9)) as video_duration_s,
        created_at
    from instagram_media
),

tiktok as (
    select
        content_id,
        'tiktok' as platform,
        item_id as platform_post_id,
        tiktok_account_id as account_id,
        caption,
        share_url as permalink_url,
        'video' as content_format,
        account_timezone,
        video_duration_s,
        created_at
    from tiktok_posts
),

unioned as (
    select * from facebook
    union all
    select * from instagram
    union all
    select * from tiktok
),

final as (
    select
        cast(content_id as string) as content_id,
        cast(platform as string) as platform,
        cast(platform_post_id as string) as platform_post_id,
        cast(account_id as string) as account_id,
        cast(caption as string) as caption,
        cast(permalink_url as string) as permalink_url,
        cast(content_format as string) as content_format,
        cast(account_timezone as string) as account_timezone,
        cast(video_duration_s as decimal(38, 9)) as video_duration_s,
        cast({{ local_datetime('created_at', 'account_timezone') }} as date) as created_date,
        created_at
    from unioned
)

select * from final
