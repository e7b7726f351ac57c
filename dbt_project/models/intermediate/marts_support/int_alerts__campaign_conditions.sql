{%- set rules = var('alert_rules') -%}
{%- set window_days = rules['window_days'] | int -%}
{#- a day's trailing window and its scale_up / cut_loss streak read this many days before it -#}
{%- set lookback = [
    window_days,
    alert_threshold_max('scale_up_days') | int,
    alert_threshold_max('cut_loss_days') | int,
] | max - 1 -%}

{{ config(**window_incremental_config(
    ['alert_type', 'platform', 'object_id', 'date_day'], ['alert_type', 'platform'])) }}

-- Campaign-days on which a campaign alert's condition holds (docs block `alert_rules`):
-- roas_low and cpa_high over the trailing window, scale_up and cut_loss on the day's own ROAS
-- (alerts counts the consecutive days). Only days already over in the account's time zone.
-- Written by partition window: a windowed run evaluates the window's days from its campaign-days
-- and the `lookback` days before it.
with

campaign_days as (
    select
        platform,
        account_id,
        account_name,
        campaign_id,
        campaign_name,
        currency_code,
        spend_thb,
        conversions,
        conversion_value_thb,
        date_day
    from {{ ref('campaign_performance') }}
    where {{ date_window_filter('date_day', lookback_days=lookback) }}
),

accounts as (
    select
        platform,
        account_id,
        account_timezone
    from {{ ref('dim_ad_accounts') }}
),

campaigns as (
    select
        platform,
        campaign_id,
        owner,
        daily_budget_thb
    from {{ ref('int_campaigns__owned') }}
),

margins as (
    select
        platform,
        campaign_id,
        gross_margin_rate,
        margin_thb,
        date_day
    from {{ ref('int_campaign_days__margin') }}
    where {{ date_window_filter('date_day', lookback_days=lookback) }}
),

evaluated as (
    select
        campaign_days.*,
        campaigns.owner,
        campaigns.daily_budget_thb,
        margins.gross_margin_rate,
        coalesce(margins.margin_thb, 0) as margin_thb,
        {{ alert_threshold('roas_target', 'campaign_days.account_id') }} as roas_target,
        {{ alert_threshold('roas_low_below', 'campaign_days.account_id') }} as roas_low_below,
        {{ alert_threshold('cpa_high_above_thb', 'campaign_days.account_id') }} as cpa_high_above_thb,
        {{ alert_threshold('min_spend_thb', 'campaign_days.account_id') }} as min_spend_thb,
        {{ alert_threshold('scale_up_roas_ratio', 'campaign_days.account_id') }} as scale_up_roas_ratio,
        {{ alert_threshold('scale_up_days', 'campaign_days.account_id') }} as scale_up_days,
        {{ alert_threshold('scale_up_pct', 'campaign_days.account_id') }} as scale_up_pct,
        {{ alert_threshold('cut_loss_roas_ratio', 'campaign_days.account_id') }} as cut_loss_roas_ratio,
        {{ alert_threshold('cut_loss_days', 'campaign_days.account_id') }} as cut_loss_days,
        {{ alerts_local_today('accounts.account_timezone') }} as local_today
    from campaign_days
    left join accounts
        on campaign_days.platform = accounts.platform and campaign_days.account_id = accounts.account_id
    left join campaigns
        on campaign_days.platform = campaigns.platform and campaign_days.campaign_id = campaigns.campaign_id
    left join margins
        on
            campaign_days.platform = margins.platform
            and campaign_days.campaign_id = margins.campaign_id
            and campaign_days.date_day = margins.date_day
),

window_totals as (
    select
        *,
        sum(spend_thb) over trailing_window as window_spend_thb,
        sum(conversions) over trailing_window as window_conversions,
        sum(conversion_value_thb) over trailing_window as window_value_thb,
        {{ safe_divide('conversion_value_thb', 'spend_thb') }} as day_roas
    from evaluated
    window trailing_window as (
        partition by platform, campaign_id order by {{ day_number('date_day') }}
        range between {{ window_days - 1 }} preceding and current row
    )
),

-- the days a scale_up / cut_loss streak ending on the day is judged on (the account's own
-- scale_up_days / cut_loss_days): spend, value and margin summed over them
streaks as (
    select
        evaluated.platform,
        evaluated.campaign_id,
        evaluated.date_day,
        sum(
            case when {{ day_number('earlier.date_day') }} > {{ day_number('evaluated.date_day') }} - evaluated.scale_up_days
                then earlier.spend_thb end
        ) as scale_up_spend_thb,
        sum(
            case when {{ day_number('earlier.date_day') }} > {{ day_number('evaluated.date_day') }} - evaluated.scale_up_days
                then earlier.conversion_value_thb end
        ) as scale_up_value_thb,
        sum(
            case when {{ day_number('earlier.date_day') }} > {{ day_number('evaluated.date_day') }} - evaluated.cut_loss_days
                then earlier.margin_thb end
        ) as cut_loss_margin_thb
    from evaluated
    inner join evaluated as earlier
        on
            evaluated.platform = earlier.platform
            and evaluated.campaign_id = earlier.campaign_id
            and earlier.date_day <= evaluated.date_day
            and {{ day_number('earlier.date_day') }}
            > {{ day_number('evaluated.date_day') }}
            - greatest(evaluated.scale_up_days, evaluated.cut_loss_days)
    group by
        evaluated.platform,
        evaluated.campaign_id,
        evaluated.date_day
),

judged as (
    select
        window_totals.*,
        streaks.scale_up_spend_thb,
        streaks.scale_up_value_thb,
        streaks.scale_up_spend_thb / window_totals.scale_up_days as scale_up_avg_spend_thb,
        streaks.cut_loss_margin_thb,
        {{ safe_divide('window_totals.window_value_thb', 'window_totals.window_spend_thb') }} as window_roas,
        window_totals.window_spend_thb
        / case when window_totals.window_conversions > 0 then window_totals.window_conversions else 1 end
            as window_cpa_thb
    from window_totals
    inner join streaks
        on
            window_totals.platform = streaks.platform
            and window_totals.campaign_id = streaks.campaign_id
            and window_totals.date_day = streaks.date_day
    where
        window_totals.date_day < window_totals.local_today
        and {{ date_window_filter('window_totals.date_day') }}
),

roas_low as (
    select
        'roas_low' as alert_type,
        case when window_roas < roas_low_below / 2 then 'critical' else 'warning' end as severity,
        'roas' as metric,
        window_roas as metric_value,
        roas_low_below as threshold,
        1 as min_days,
        true as is_confirmed,
        'review' as recommended_action,
        cast(null as decimal(38, 9)) as recommended_change_pct,
        cast(null as decimal(38, 9)) as potential_margin_gain_thb,
        concat('ROAS ', {{ display_number('window_roas') }}, ' below ', {{ display_number('roas_low_below') }})
            as title,
        concat(
            'Campaign ', coalesce(campaign_name, campaign_id), ': ROAS over the last ',
            '{{ window_days }}', ' days is ', {{ display_number('window_roas') }},
            ' (platform-reported value ', {{ display_number('window_value_thb', 0) }}, ' THB on spend ',
            {{ display_number('window_spend_thb', 0) }}, ' THB), below the alert line ',
            {{ display_number('roas_low_below') }}, '.'
        ) as description,
        judged.*
    from judged
    where window_spend_thb >= min_spend_thb and coalesce(window_roas, 0) < roas_low_below
),

cpa_high as (
    select
        'cpa_high' as alert_type,
        case when window_cpa_thb > cpa_high_above_thb * 1.5 then 'critical' else 'warning' end as severity,
        'cpa_thb' as metric,
        window_cpa_thb as metric_value,
        cpa_high_above_thb as threshold,
        1 as min_days,
        true as is_confirmed,
        'review' as recommended_action,
        cast(null as decimal(38, 9)) as recommended_change_pct,
        cast(null as decimal(38, 9)) as potential_margin_gain_thb,
        concat('CPA ', {{ display_number('window_cpa_thb', 0) }}, ' THB above ', {{ display_number('cpa_high_above_thb', 0) }}, ' THB')
            as title,
        concat(
            'Campaign ', coalesce(campaign_name, campaign_id), ': spend ',
            {{ display_number('window_spend_thb', 0) }}, ' THB for ',
            {{ display_number('window_conversions') }}, ' platform-reported conversions over the last ',
            '{{ window_days }}', ' days.'
        ) as description,
        judged.*
    from judged
    where window_spend_thb >= min_spend_thb and window_cpa_thb > cpa_high_above_thb
),

scale_up as (
    select
        'scale_up' as alert_type,
        'info' as severity,
        'roas' as metric,
        day_roas as metric_value,
        roas_target * scale_up_roas_ratio as threshold,
        scale_up_days as min_days,
        true as is_confirmed,
        'increase_budget' as recommended_action,
        scale_up_pct as recommended_change_pct,
        -- the extra daily spend at the streak's ROAS and the group's gross margin: an upper
        -- bound (returns diminish as spend grows)
        scale_up_pct * scale_up_avg_spend_thb
            * ({{ safe_divide('scale_up_value_thb', 'scale_up_spend_thb') }} * gross_margin_rate - 1)
            as potential_margin_gain_thb,
        concat('Scale up: ROAS ', {{ display_number('day_roas') }}, ' above ', {{ display_number('roas_target * scale_up_roas_ratio') }})
            as title,
        concat(
            'Campaign ', coalesce(campaign_name, campaign_id), ': daily ROAS above ',
            {{ display_number('scale_up_roas_ratio * 100', 0) }}, '% of the target ',
            {{ display_number('roas_target') }}, ' on consecutive days. Recommend +',
            {{ display_number('scale_up_pct * 100', 0) }}, '% budget.'
        ) as description,
        judged.*
    from judged
    where spend_thb > 0 and day_roas > roas_target * scale_up_roas_ratio
),

cut_loss as (
    select
        'cut_loss' as alert_type,
        'critical' as severity,
        'roas' as metric,
        day_roas as metric_value,
        roas_target * cut_loss_roas_ratio as threshold,
        cut_loss_days as min_days,
        cut_loss_margin_thb < 0 as is_confirmed,
        'pause' as recommended_action,
        cast(-1 as decimal(38, 9)) as recommended_change_pct,
        -cut_loss_margin_thb / cut_loss_days as potential_margin_gain_thb,
        concat('Cut loss: ROAS ', {{ display_number('day_roas') }}, ' below ', {{ display_number('roas_target * cut_loss_roas_ratio') }})
            as title,
        concat(
            'Campaign ', coalesce(campaign_name, campaign_id), ': daily ROAS below ',
            {{ display_number('cut_loss_roas_ratio * 100', 0) }}, '% of the target ',
            {{ display_number('roas_target') }}, ' on consecutive days, margin ',
            {{ display_number('cut_loss_margin_thb', 0) }}, ' THB over the last ',
            {{ display_number('cut_loss_days', 0) }}, ' days. Recommend pausing.'
        ) as description,
        judged.*
    from judged
    where spend_thb > 0 and coalesce(day_roas, 0) < roas_target * cut_loss_roas_ratio
),

unioned as (
    select * from roas_low
    union all
    select * from cpa_high
    union all
    select * from scale_up
    union all
    select * from cut_loss
),

final as (
    select
        cast(alert_type as string) as alert_type,
        cast(severity as string) as severity,
        cast('campaign' as string) as object_level,
        cast(campaign_id as string) as object_id,
        cast(platform as string) as platform,
        cast(account_id as string) as account_id,
        cast(account_name as string) as account_name,
        cast(campaign_id as string) as campaign_id,
        cast(campaign_name as string) as campaign_name,
        cast(null as string) as ad_group_id,
        cast(null as string) as ad_id,
        cast(owner as string) as owner,
        cast(currency_code as string) as currency_code,
        cast(metric as string) as metric,
        cast(metric_value as decimal(38, 9)) as metric_value,
        cast(threshold as decimal(38, 9)) as threshold,
        cast(min_days as bigint) as min_days,
        is_confirmed,
        cast(recommended_action as string) as recommended_action,
        cast(recommended_change_pct as decimal(38, 9)) as recommended_change_pct,
        cast(potential_margin_gain_thb as decimal(38, 9)) as potential_margin_gain_thb,
        cast(title as string) as title,
        cast(description as string) as description,
        date_day,
        cast({{ shift_date('local_today', -1) }} as date) as last_complete_day
    from unioned
)

select * from final
