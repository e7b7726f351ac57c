-- Question: which SKUs and product groups need new content?
-- A SKU needs content when fewer than 3 content items showing it score >= 60 on the latest
-- scored day (the defaults of config/rules.yml alerts: content_min_items, content_score_above;
-- edit the two literals in `thresholds` to match another configuration). The alert mart's
-- current content_needed rows say which product groups also hold budget to spend.
-- Grain:   one row per master SKU (every SKU of dim_products), neediest first.
-- Columns: master_sku, product_name, product_group, scored_content_items (items showing the
--          SKU scored that day), strong_content_items (of those, score >= threshold),
--          best_final_score (0-100; null without scores), strong_items_missing (how many more
--          are needed, 0 when enough), group_has_content_alert (a current content_needed alert
--          for its product group), as_of_day (the latest scored day).
with thresholds as (
    select
        3 as min_items,
        60 as score_above
),

as_of as (
    select max(date_day) as as_of_day from marts.content_impact_scores
),

latest_scores as (
    select
        s.content_id,
        s.final_score
    from marts.content_impact_scores as s
    inner join as_of on s.date_day = as_of.as_of_day
    where s.content_status != 'EXPIRED' or s.content_status is null
),

per_sku as (
    select
        cp.sku as master_sku,
        count(latest_scores.content_id) as scored_content_items,
        sum(case when latest_scores.final_score >= thresholds.score_above then 1 else 0 end)
            as strong_content_items,
        max(latest_scores.final_score) as best_final_score
    from marts.dim_content_products as cp
    inner join latest_scores on cp.content_id = latest_scores.content_id
    cross join thresholds
    group by cp.sku
),

group_alerts as (
    select distinct object_id as product_group
    from marts.alerts
    where alert_type = 'content_needed' and is_current
)

select
    p.master_sku,
    p.product_name,
    p.product_group,
    coalesce(per_sku.scored_content_items, 0) as scored_content_items,
    coalesce(per_sku.strong_content_items, 0) as strong_content_items,
    per_sku.best_final_score,
    greatest(thresholds.min_items - coalesce(per_sku.strong_content_items, 0), 0)
        as strong_items_missing,
    group_alerts.product_group is not null as group_has_content_alert,
    as_of.as_of_day
from marts.dim_products as p
cross join thresholds
cross join as_of
left join per_sku on p.master_sku = per_sku.master_sku
left join group_alerts on p.product_group = group_alerts.product_group
order by strong_items_missing desc, group_has_content_alert desc, p.master_sku
