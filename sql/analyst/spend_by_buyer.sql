-- Question: how much did each media buyer spend in the last 7 days, and what did it earn?
-- "Last 7 days" = the 7 days ending on the latest day in marts.buyer_performance.
-- Grain:   one row per buyer (owner) with spend in the window, biggest spender first.
-- Columns: owner, days_active, spend_thb, revenue_thb, margin_thb (THB sums),
--          margin_rate (margin / revenue over the window; null without revenue),
--          roas (revenue / spend over the window; null without spend),
--          avg_active_campaigns (per day), scaling_opportunities (sum of daily counts),
--          window_start, window_end (dates).
with bounds as (
    select
        cast(date_add(max(date_day), interval (-6) day) as date) as window_start,
        max(date_day) as window_end
    from marts.buyer_performance
),

days as (
    select b.*
    from marts.buyer_performance as b
    inner join bounds on b.date_day between bounds.window_start and bounds.window_end
)

select
    days.owner,
    count(*) as days_active,
    sum(days.spend_thb) as spend_thb,
    sum(days.revenue_thb) as revenue_thb,
    sum(days.margin_thb) as margin_thb,
    sum(days.margin_thb) / nullif(sum(days.revenue_thb), 0) as margin_rate,
    sum(days.revenue_thb) / nullif(sum(days.spend_thb), 0) as roas,
    round(avg(days.active_campaigns), 1) as avg_active_campaigns,
    sum(days.scaling_opportunities) as scaling_opportunities,
    max(bounds.window_start) as window_start,
    max(bounds.window_end) as window_end
from days
cross join bounds
group by days.owner
having sum(days.spend_thb) > 0
order by spend_thb desc, days.owner
