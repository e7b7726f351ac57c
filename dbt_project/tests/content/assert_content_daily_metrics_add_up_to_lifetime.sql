-- Reconciliation: for every content item, the daily organic values in fct_content_metrics_daily
-- add up to the item's latest lifetime totals (its last snapshot): differencing the snapshots
-- loses and invents nothing. Checked on views, reach, likes, comments, shares and watch time
-- (the others are differenced the same way). Returns the items that do not add up.
with

snapshots as (
    select
        content_id,
        date_day,
        lifetime_views,
        lifetime_reach,
        lifetime_likes,
        lifetime_comments,
        lifetime_shares,
        lifetime_watch_time_s
    from {{ ref('int_content_metrics__daily') }}
),

latest as (
    select
        content_id,
        max(date_day) as date_day
    from snapshots
    group by content_id
),

lifetime as (
    select snapshots.*
    from snapshots
    inner join latest
        on snapshots.content_id = latest.content_id and snapshots.date_day = latest.date_day
),

summed as (
    select
        content_id,
        sum(views) as views,
        sum(reach) as reach,
        sum(likes) as likes,
        sum(comments) as comments,
        sum(shares) as shares,
        sum(watch_time_s) as watch_time_s
    from {{ ref('fct_content_metrics_daily') }}
    where has_organic_snapshot
    group by content_id
)

select
    lifetime.content_id,
    lifetime.lifetime_views,
    summed.views
from lifetime
left join summed
    on lifetime.content_id = summed.content_id
where
    coalesce(summed.views, -1) != coalesce(lifetime.lifetime_views, -1)
    or coalesce(summed.reach, -1) != coalesce(lifetime.lifetime_reach, -1)
    or coalesce(summed.likes, -1) != coalesce(lifetime.lifetime_likes, -1)
    or coalesce(summed.comments, -1) != coalesce(lifetime.lifetime_comments, -1)
    or coalesce(summed.shares, -1) != coalesce(lifetime.lifetime_shares, -1)
    or abs(coalesce(summed.watch_time_s, -1) - coalesce(lifetime.lifetime_watch_time_s, -1)) > 0.001
