-- Runs on DuckDB and BigQuery (on BigQuery prefix the dataset: `<prefix>marts`).
-- Question: which content items scored best this week (Unified Content Impact Score)?
-- "This week" = the 7 days ending on the latest scored day in marts.content_impact_scores, so
-- the query answers for whatever the warehouse holds (swap in current_date - 1 for live use).
-- Grain:   one row per content item scored in the week; the top 20 by average final_score.
-- Columns: content_id, platform, platform_post_id, product_group, owner, content_status, skus,
--          days_scored, avg_final_score (0-100, mean of the week's daily scores),
--          latest_final_score, latest_rank_in_product_group (1 = best on the latest day),
--          week_start, week_end (dates).
with week as (
    select
        cast(date_add(max(date_day), interval (-6) day) as date) as week_start,
        max(date_day) as week_end
    from marts.content_impact_scores
),

scores as (
    select s.*
    from marts.content_impact_scores as s
    inner join week on s.date_day between week.week_start and week.week_end
),

latest as (
    select
        content_id,
        final_score as latest_final_score,
        rank_in_product_group as latest_rank_in_product_group,
        row_number() over (partition by content_id order by date_day desc) as recency
    from scores
)

select
    scores.content_id,
    max(scores.platform) as platform,
    max(scores.platform_post_id) as platform_post_id,
    max(scores.product_group) as product_group,
    max(scores.owner) as owner,
    max(scores.content_status) as content_status,
    max(scores.skus) as skus,
    count(*) as days_scored,
    round(avg(scores.final_score), 2) as avg_final_score,
    max(latest.latest_final_score) as latest_final_score,
    max(latest.latest_rank_in_product_group) as latest_rank_in_product_group,
    max(week.week_start) as week_start,
    max(week.week_end) as week_end
from scores
inner join latest on scores.content_id = latest.content_id and latest.recency = 1
cross join week
group by scores.content_id
order by avg_final_score desc, scores.content_id
limit 20
