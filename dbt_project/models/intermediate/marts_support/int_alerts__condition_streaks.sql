{{ config(**window_incremental_config('alert_evaluation_id', ['alert_type', 'platform'])) }}
{{ config(post_hook="{{ continue_condition_streaks() }}") }}

-- Every day on which an alert condition holds for an object (the four condition models), with
-- the streak it belongs to (docs block `alert_rules`): consecutive days of one condition on one
-- object are one streak, identified by its first day. alerts keeps the days on which a streak
-- is long enough (min_days) and confirmed.
--
-- Written by partition window (DECISIONLOG 23). A streak can be older than any window: a windowed
-- run counts the islands inside the window, then its post-hook (continue_condition_streaks)
-- joins each island that begins on the window's first day to the streak that held on the day
-- before, from this table's own rows of that day, instead of re-reading all history.
with

conditions as (
    select * from {{ ref('int_alerts__campaign_conditions') }}
    where {{ date_window_filter('date_day') }}
    union all
    select * from {{ ref('int_alerts__ad_conditions') }}
    where {{ date_window_filter('date_day') }}
    union all
    select * from {{ ref('int_alerts__shop_conditions') }}
    where {{ date_window_filter('date_day') }}
    union all
    select * from {{ ref('int_alerts__content_conditions') }}
    where {{ date_window_filter('date_day') }}
),

-- consecutive days of one condition on one object share an island: day number − position
islands as (
    select
        *,
        {{ day_number('date_day') }} - row_number() over (
            partition by alert_type, object_level, platform, object_id order by date_day
        ) as island
    from conditions
),

-- an island is a streak, unless it begins on a window's first day (see the post-hook)
streaks as (
    select
        *,
        min(date_day) over (
            partition by alert_type, object_level, platform, object_id, island
        ) as condition_started_on,
        row_number() over (
            partition by alert_type, object_level, platform, object_id, island order by date_day
        ) as days_in_condition
    from islands
),

final as (
    select
        {{ alert_evaluation_id() }} as alert_evaluation_id,
        {{ alert_id() }} as alert_id,
        alert_type,
        severity,
        object_level,
        object_id,
        platform,
        account_id,
        account_name,
        campaign_id,
        campaign_name,
        ad_group_id,
        ad_id,
        owner,
        currency_code,
        metric,
        metric_value,
        threshold,
        min_days,
        is_confirmed,
        recommended_action,
        recommended_change_pct,
        potential_margin_gain_thb,
        title,
        description,
        condition_started_on,
        cast(days_in_condition as bigint) as days_in_condition,
        last_complete_day,
        date_day
    from streaks
)

select * from final
