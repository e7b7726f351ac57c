-- One row per ad (Meta, TikTok) with the content item it promotes: the Meta creative's Instagram
-- media when it uses an Instagram post, else its page post (effective_object_story_id, then
-- object_story_id); the TikTok Spark Ad's tiktok_item_id. content_id is null when that post is
-- not one the content syncs list (another page, a dark post, an account not configured).
with

meta_ads as (
    select
        ad_id,
        account_id,
        object_story_id,
        effective_object_story_id,
        effective_status
    from {{ ref('stg_meta__ads') }}
),

meta_creative_links as (
    select
        ad_id,
        object_story_id,
        effective_object_story_id,
        effective_instagram_media_id
    from {{ ref('stg_meta_content__ad_creative_links') }}
),

tiktok_ads as (
    select
        ad_id,
        account_id,
        tiktok_item_id,
        secondary_status
    from {{ ref('stg_tiktok__ads') }}
),

items as (
    select
        content_id,
        platform,
        platform_post_id
    from {{ ref('int_content__unioned') }}
),

meta as (
    select
        'meta' as ad_platform,
        meta_ads.account_id,
        meta_ads.ad_id,
        case
            when meta_creative_links.effective_instagram_media_id is not null then 'instagram'
            else 'facebook'
        end as content_platform,
        coalesce(
            meta_creative_links.effective_instagram_media_id,
            meta_creative_links.effective_object_story_id,
            meta_ads.effective_object_story_id,
            meta_creative_links.object_story_id,
            meta_ads.object_story_id
        ) as platform_post_id,
        coalesce(meta_ads.effective_status = 'ACTIVE', false) as is_ad_active
    from meta_ads
    left join meta_creative_links
        on meta_ads.ad_id = meta_creative_links.ad_id
),

tiktok as (
    select
        'tiktok' as ad_platform,
        account_id,
        ad_id,
        'tiktok' as content_platform,
        tiktok_item_id as platform_post_id,
        coalesce(secondary_status = 'AD_STATUS_DELIVERY_OK', false) as is_ad_active
    from tiktok_ads
),

unioned as (
    select * from meta
    union all
    select * from tiktok
),

final as (
    select
        items.content_id,
        unioned.ad_platform,
        unioned.account_id,
        unioned.ad_id,
        unioned.content_platform,
        unioned.platform_post_id,
        unioned.is_ad_active,
        items.content_id is not null as has_content
    from unioned
    left join items
        on
            unioned.content_platform = items.platform
            and unioned.platform_post_id = items.platform_post_id
    where unioned.platform_post_id is not null
)

select * from final
