-- Question: which alerts are open right now, and whose are they?
-- Open = the current evaluation (is_current: the last complete day) of marts.alerts.
-- Grain:   one row per owner, alert type and severity with open alerts (owner 'unassigned'
--          for shops and groups without a buyer), most severe and most numerous first.
-- Columns: owner, alert_type, severity, open_alerts, longest_days_in_condition,
--          potential_margin_gain_thb (sum over the alerts that carry one, THB per day),
--          example_title (the title of the longest-running one).
select
    coalesce(owner, 'unassigned') as owner,
    alert_type,
    severity,
    count(*) as open_alerts,
    max(days_in_condition) as longest_days_in_condition,
    sum(potential_margin_gain_thb) as potential_margin_gain_thb,
    max_by(title, days_in_condition) as example_title
from marts.alerts
where is_current
group by coalesce(owner, 'unassigned'), alert_type, severity
order by
    case severity when 'critical' then 0 when 'warning' then 1 else 2 end,
    open_alerts desc,
    owner,
    alert_type
