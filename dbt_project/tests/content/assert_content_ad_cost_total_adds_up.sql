-- Invariant: a content day's ads_cost_total is the sum of its per-platform ad costs.
select
    content_id,
    date_day,
    ads_cost_total,
    ads_cost_meta_thb,
    ads_cost_tiktok_thb
from {{ ref('fct_content_metrics_daily') }}
where abs(ads_cost_total - ads_cost_meta_thb - ads_cost_tiktok_thb) > 0.000001
