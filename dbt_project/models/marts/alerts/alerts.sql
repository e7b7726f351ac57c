{{ assert_reporting_currency_is_thb() }}
{{
    config(
        partition_by=day_partitioning('date_day'),
        cluster_by=['alert_type', 'platform'],
        contract={'enforced': true},
    )
}}

-- Every alert raised on every evaluated day (docs block `alert_rules`). A condition that holds on
-- consecutive days is one alert: its alert_id hashes the type, the object and the first day of
-- the streak, so each day's evaluation repeats the same alert_id instead of raising a new one,
-- and the webhook sensor sends it once. scale_up and cut_loss are raised from the day their
-- streak reaches its required length (scale_up_days / cut_loss_days).
with

conditions as (
    select * from {{ ref('int_alerts__campaign_conditions') }}
    union all
    select * from {{ ref('int_alerts__ad_conditions') }}
    union all
    select * from {{ ref('int_alerts__shop_conditions') }}
    union all
    select * from {{ ref('int_alerts__content_conditions') }}
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
        {{ surrogate_key([
            'alert_type', 'object_level', 'platform', 'object_id', 'condition_started_on', 'date_day'
        ]) }} as alert_evaluation_id,
        {{ surrogate_key(['alert_type', 'object_level', 'platform', 'object_id', 'condition_started_on']) }}
            as alert_id,
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
        cast(days_in_condition as bigint) as days_in_condition,
        date_day = last_complete_day as is_current,
        condition_started_on,
        date_day
    from streaks
    where days_in_condition >= min_days and is_confirmed
)

select * from final
