with

source as (
    select * from {{ source('meta_content', 'meta_page_post_metrics') }}
    where {{ all_partitions('snapshot_date') }}
),

final as (
    select
        post_id,
        account_id as page_id,
        impressions,
        reach,
        reactions,
        likes,
        clicks,
        comments,
        shares,
        video_views_3s,
        video_complete_views,
        cast(video_watch_time_s as decimal(38, 9)) as video_watch_time_s,
        snapshot_date,
        snapshot_at
    from source
)

select * from final
