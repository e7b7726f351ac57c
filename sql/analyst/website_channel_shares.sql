-- Question: where did website sessions and revenue come from in the last 7 days?
-- Shares are recomputed from the summed sessions / revenue of the window (daily shares cannot
-- be averaged). "Last 7 days" ends on the latest day in marts.traffic_sources.
-- Grain:   one row per GA4 property and default channel group, most sessions first.
-- Columns: property_id, channel_group, sessions, transactions, purchase_revenue_thb,
--          session_share (of the property's sessions, 0-1), revenue_share (of its revenue,
--          0-1; null without revenue), conversion_rate (transactions per session),
--          window_start, window_end (dates).
with bounds as (
    select
        cast(date_add(max(date_day), interval (-6) day) as date) as window_start,
        max(date_day) as window_end
    from marts.traffic_sources
),

channels as (
    select
        t.property_id,
        t.channel_group,
        sum(t.sessions) as sessions,
        sum(t.transactions) as transactions,
        sum(t.purchase_revenue_thb) as purchase_revenue_thb
    from marts.traffic_sources as t
    inner join bounds on t.date_day between bounds.window_start and bounds.window_end
    group by t.property_id, t.channel_group
)

select
    channels.property_id,
    channels.channel_group,
    channels.sessions,
    channels.transactions,
    channels.purchase_revenue_thb,
    channels.sessions / nullif(sum(channels.sessions) over (partition by channels.property_id), 0)
        as session_share,
    channels.purchase_revenue_thb
    / nullif(sum(channels.purchase_revenue_thb) over (partition by channels.property_id), 0)
        as revenue_share,
    channels.transactions / nullif(channels.sessions, 0) as conversion_rate,
    bounds.window_start,
    bounds.window_end
from channels
cross join bounds
order by channels.property_id, channels.sessions desc, channels.channel_group
