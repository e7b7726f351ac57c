-- The PFM score is a weighted mean of percentiles in [0, 1], times 100: a score above 100 (or a
-- component score above 1) means the formula broke. Returns the offending rows.
select
    pfm_score_id,
    pfm_score,
    ctr_score,
    cvr_score,
    view_time_score,
    roas_score,
    spend_efficiency_score
from {{ ref('pfm_scores') }}
where
    pfm_score > 100
    or ctr_score > 1
    or cvr_score > 1
    or view_time_score > 1
    or roas_score > 1
    or spend_efficiency_score > 1
