{{ assert_reporting_currency_is_thb() }}
{{ config(**window_incremental_config('alert_evaluation_id', ['alert_type', 'platform'])) }}
{{ config(post_hook="{{ clear_stale_current_alerts() }}") }}

-- Every alert raised on every evaluated day (docs block `alert_rules`): the days of a condition
-- streak (int_alerts__condition_streaks) on which it is long enough (scale_up_days /
-- cut_loss_days for scale_up and cut_loss, else 1 day) and confirmed. Each day of a streak
-- repeats the streak's alert_id, so the webhook sensor sends it once.
--
-- Written by partition window (DECISIONLOG 23); the post-hook keeps is_current true only on
-- evaluations that can still be the last complete day.
with

streaks as (
    select * from {{ ref('int_alerts__condition_streaks') }}
    where {{ date_window_filter('date_day') }}
),

final as (
    select
        alert_evaluation_id,
        alert_id,
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
        title,
        description,
        metric,
        recommended_action,
        metric_value,
        threshold,
        recommended_change_pct,
        potential_margin_gain_thb,
        days_in_condition,
        date_day = last_complete_day as is_current,
        condition_started_on,
        date_day
    from streaks
    where days_in_condition >= min_days and is_confirmed
)

select * from final
