-- Question: which campaigns performed poorly on the latest day, and for how long?
-- performance_status compares the day's ROAS with the account's target (docs block
-- performance_status in dbt_project/models/marts/reporting).
-- Grain:   one row per campaign whose status is `poor` on the latest day of
--          marts.campaign_performance, biggest spender first.
-- Columns: platform, account_id, account_name, campaign_id, campaign_name, spend_thb,
--          conversion_value_thb (THB), roas, roas_target, cpa (account currency),
--          currency_code, poor_days_last_7 (days rated poor among the 7 ending on that day),
--          date_day.
with latest as (
    select max(date_day) as date_day from marts.campaign_performance
),

last_7 as (
    select
        c.platform,
        c.campaign_id,
        sum(case when c.performance_status = 'poor' then 1 else 0 end) as poor_days_last_7
    from marts.campaign_performance as c
    inner join latest on c.date_day between date_add(latest.date_day, interval (-6) day)
        and latest.date_day
    group by c.platform, c.campaign_id
)

select
    c.platform,
    c.account_id,
    c.account_name,
    c.campaign_id,
    c.campaign_name,
    c.spend_thb,
    c.conversion_value_thb,
    c.roas,
    c.roas_target,
    c.cpa,
    c.currency_code,
    last_7.poor_days_last_7,
    c.date_day
from marts.campaign_performance as c
inner join latest on c.date_day = latest.date_day
inner join last_7 on c.platform = last_7.platform and c.campaign_id = last_7.campaign_id
where c.performance_status = 'poor'
order by c.spend_thb desc, c.campaign_id
