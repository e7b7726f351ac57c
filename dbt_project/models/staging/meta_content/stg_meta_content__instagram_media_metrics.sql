with

source as (
    select * from {{ source('meta_content', 'meta_instagram_media_metrics') }}
    where {{ all_partitions('snapshot_date') }}
),

final as (
    select
        media_id,
        account_id as instagram_account_id,
        views,
        reach,
        likes,
        comments,
        shares,
        saves,
        total_interactions,
        cast(watch_time_s as decimal(38, 9)) as watch_time_s,
        snapshot_date,
        snapshot_at
    from source
)

select * from final
