-- Lifetime snapshots → daily values: one row per content item per snapshot day, each metric the
-- growth of its lifetime total since the item's previous snapshot (DECISIONLOG "Content
-- metrics"). Summing a metric over an item's days gives its latest lifetime total.
with

page_post_metrics as (
    select
        post_id,
        impressions,
        reach,
        likes,
        reactions,
        comments,
        shares,
        clicks,
        video_views_3s,
        video_complete_views,
        video_watch_time_s,
        snapshot_date,
        snapshot_at
    from {{ ref('stg_meta_content__page_post_metrics') }}
),

instagram_media_metrics as (
    select
        media_id,
        views,
        reach,
        likes,
        comments,
        shares,
        saves,
        watch_time_s,
        snapshot_date,
        snapshot_at
    from {{ ref('stg_meta_content__instagram_media_metrics') }}
),

tiktok_post_metrics as (
    select
        item_id,
        video_views,
        reach,
        likes,
        comments,
        shares,
        favorites,
        full_views,
        total_time_watched_s,
        snapshot_date,
        snapshot_at
    from {{ ref('stg_tiktok_content__post_metrics') }}
),

items as (
    select
        content_id,
        platform,
        platform_post_id,
        created_date
    from {{ ref('int_content__unioned') }}
),

-- one metric contract for every platform; null where the platform has no such metric
snapshots as (
    select
        'facebook' as platform,
        post_id as platform_post_id,
        video_views_3s as views,
        impressions,
        reach,
        likes,
        reactions,
        comments,
        shares,
        cast(null as bigint) as saves,
        clicks,
        video_watch_time_s as watch_time_s,
        video_views_3s as three_second_plays,
        video_complete_views as thruplays,
        snapshot_date,
        snapshot_at
    from page_post_metrics
    union all
    select
        'instagram' as platform,
        media_id as platform_post_id,
        views,
        cast(null as bigint) as impressions,
        reach,
        likes,
        likes as reactions,
        comments,
        shares,
        saves,
        cast(null as bigint) as clicks,
        watch_time_s,
        cast(null as bigint) as three_second_plays,
        cast(null as bigint) as thruplays,
        snapshot_date,
        snapshot_at
    from instagram_media_metrics
    union all
    select
        'tiktok' as platform,
        item_id as platform_post_id,
        video_views as views,
        cast(null as bigint) as impressions,
        reach,
        likes,
        likes as reactions,
        comments,
        shares,
        favorites as saves,
        cast(null as bigint) as clicks,
        total_time_watched_s as watch_time_s,
        cast(null as bigint) as three_second_plays,
        full_views as thruplays,
        snapshot_date,
        snapshot_at
    from tiktok_post_metrics
),

ordered as (
    select
        items.content_id,
        snapshots.*,
        items.created_date,
        lag(snapshots.snapshot_date) over by_item as previous_snapshot_date,
        lag(snapshots.views) over by_item as previous_views,
        lag(snapshots.impressions) over by_item as previous_impressions,
        lag(snapshots.reach) over by_item as previous_reach,
        lag(snapshots.likes) over by_item as previous_likes,
        lag(snapshots.reactions) over by_item as previous_reactions,
        lag(snapshots.comments) over by_item as previous_comments,
        lag(snapshots.shares) over by_item as previous_shares,
        lag(snapshots.saves) over by_item as previous_saves,
        lag(snapshots.clicks) over by_item as previous_clicks,
        lag(snapshots.watch_time_s) over by_item as previous_watch_time_s,
        lag(snapshots.three_second_plays) over by_item as previous_three_second_plays,
        lag(snapshots.thruplays) over by_item as previous_thruplays,
        {{ day_number('snapshot_date') }} as snapshot_day_number
    from snapshots
    inner join items
        on
            snapshots.platform = items.platform
            and snapshots.platform_post_id = items.platform_post_id
    window by_item as (partition by items.content_id order by snapshots.snapshot_date)
),

final as (
    select
        content_id,
        platform,
        platform_post_id,
        views - coalesce(previous_views, 0) as views,
        impressions - coalesce(previous_impressions, 0) as impressions,
        reach - coalesce(previous_reach, 0) as reach,
        likes - coalesce(previous_likes, 0) as likes,
        reactions - coalesce(previous_reactions, 0) as reactions,
        comments - coalesce(previous_comments, 0) as comments,
        shares - coalesce(previous_shares, 0) as shares,
        saves - coalesce(previous_saves, 0) as saves,
        clicks - coalesce(previous_clicks, 0) as clicks,
        watch_time_s - coalesce(previous_watch_time_s, 0) as watch_time_s,
        three_second_plays - coalesce(previous_three_second_plays, 0) as three_second_plays,
        thruplays - coalesce(previous_thruplays, 0) as thruplays,
        views as lifetime_views,
        impressions as lifetime_impressions,
        reach as lifetime_reach,
        likes as lifetime_likes,
        reactions as lifetime_reactions,
        comments as lifetime_comments,
        shares as lifetime_shares,
        saves as lifetime_saves,
        clicks as lifetime_clicks,
        watch_time_s as lifetime_watch_time_s,
        three_second_plays as lifetime_three_second_plays,
        thruplays as lifetime_thruplays,
        snapshot_day_number - coalesce(
            {{ day_number('previous_snapshot_date') }},
            least({{ day_number('created_date') }}, snapshot_day_number) - 1
        ) as days_covered,
        snapshot_date as date_day,
        snapshot_at
    from ordered
)

select
    *,
    days_covered > 1 as is_catch_up
from final
