with

source as (
    select * from {{ source('tiktok_content', 'tiktok_post_metrics') }}
    where {{ all_partitions('snapshot_date') }}
),

final as (
    select
        item_id,
        account_id as tiktok_account_id,
        video_views,
        reach,
        likes,
        comments,
        shares,
        favorites,
        -- full views: the API gives the share of views watched to the end
        cast(round(full_video_watched_rate * video_views) as bigint) as full_views,
        cast(total_time_watched_s as decimal(38, 9)) as total_time_watched_s,
        cast(full_video_watched_rate as decimal(38, 9)) as full_video_watched_rate,
        snapshot_date,
        snapshot_at
    from source
)

select * from final
