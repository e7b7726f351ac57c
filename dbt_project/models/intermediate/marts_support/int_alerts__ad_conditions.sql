{%- set window_days = var('alert_rules')['window_days'] | int -%}

{{ config(**window_incremental_config(
    ['alert_type', 'platform', 'object_id', 'date_day'], ['alert_type', 'platform'])) }}

-- Ad-days on which an ad alert's condition holds (docs block `alert_rules`), over the trailing
-- window: ctr_low (every platform's ads), frequency_high (Meta ads: the only platform reporting
-- reach per ad and day). Campaign remainder rows are not ads and are not judged.
-- Written by partition window: a windowed run evaluates the window's days from its ad-days and
-- the trailing window's days before it.
with

ad_days as (
    select
        platform,
        account_id,
        account_name,
        account_timezone,
        campaign_id,
        campaign_name,
        ad_group_id,
        ad_id,
        ad_name,
        currency_code,
        impressions,
        clicks,
        reach,
        date_day
    from {{ ref('fct_ad_performance_daily') }}
    where
        reporting_level = 'ad'
        and ad_id is not null
        and {{ date_window_filter('date_day', lookback_days=window_days - 1) }}
),

campaigns as (
    select
        platform,
        campaign_id,
        owner
    from {{ ref('int_campaigns__owned') }}
),

window_totals as (
    select
        *,
        sum(impressions) over trailing_window as window_impressions,
        sum(clicks) over trailing_window as window_clicks,
        sum(reach) over trailing_window as window_reach,
        {{ alert_threshold('ctr_low_below', 'account_id') }} as ctr_low_below,
        {{ alert_threshold('frequency_high_above', 'account_id') }} as frequency_high_above,
        {{ alert_threshold('min_impressions', 'account_id') }} as min_impressions,
        {{ alerts_local_today('account_timezone') }} as local_today
    from ad_days
    window trailing_window as (
        partition by platform, ad_id order by {{ day_number('date_day') }}
        range between {{ window_days - 1 }} preceding and current row
    )
),

judged as (
    select
        window_totals.*,
        campaigns.owner,
        {{ safe_divide('window_totals.window_clicks', 'window_totals.window_impressions') }} as window_ctr,
        {{ safe_divide('window_totals.window_impressions', 'window_totals.window_reach') }} as window_frequency
    from window_totals
    left join campaigns
        on window_totals.platform = campaigns.platform and window_totals.campaign_id = campaigns.campaign_id
    where
        window_totals.date_day < window_totals.local_today
        and window_totals.window_impressions >= window_totals.min_impressions
        and {{ date_window_filter('window_totals.date_day') }}
),

ctr_low as (
    select
        'ctr_low' as alert_type,
        case when window_ctr < ctr_low_below / 2 then 'critical' else 'warning' end as severity,
        'ctr' as metric,
        window_ctr as metric_value,
        ctr_low_below as threshold,
        'refresh_creative' as recommended_action,
        concat('CTR ', {{ display_number('window_ctr * 100') }}, '% below ', {{ display_number('ctr_low_below * 100') }}, '%')
            as title,
        concat(
            'Ad ', coalesce(ad_name, ad_id), ' (campaign ', coalesce(campaign_name, campaign_id), '): ',
            {{ display_number('window_clicks', 0) }}, ' clicks on ',
            {{ display_number('window_impressions', 0) }}, ' impressions over the last ',
            '{{ window_days }}', ' days.'
        ) as description,
        judged.*
    from judged
    where window_ctr < ctr_low_below
),

frequency_high as (
    select
        'frequency_high' as alert_type,
        case when window_frequency > frequency_high_above * 1.5 then 'critical' else 'warning' end
            as severity,
        'frequency' as metric,
        window_frequency as metric_value,
        frequency_high_above as threshold,
        'refresh_creative' as recommended_action,
        concat('Frequency ', {{ display_number('window_frequency') }}, ' above ', {{ display_number('frequency_high_above') }})
            as title,
        concat(
            'Ad ', coalesce(ad_name, ad_id), ' (campaign ', coalesce(campaign_name, campaign_id), '): ',
            'each person reached saw it ', {{ display_number('window_frequency') }},
            ' times a day on average over the last ', '{{ window_days }}', ' days.'
        ) as description,
        judged.*
    from judged
    where platform = 'meta' and window_reach > 0 and window_frequency > frequency_high_above
),

unioned as (
    select * from ctr_low
    union all
    select * from frequency_high
),

final as (
    select
        cast(alert_type as string) as alert_type,
        cast(severity as string) as severity,
        cast('ad' as string) as object_level,
        cast(ad_id as string) as object_id,
        cast(platform as string) as platform,
        cast(account_id as string) as account_id,
        cast(account_name as string) as account_name,
        cast(campaign_id as string) as campaign_id,
        cast(campaign_name as string) as campaign_name,
        cast(ad_group_id as string) as ad_group_id,
        cast(ad_id as string) as ad_id,
        cast(owner as string) as owner,
        cast(currency_code as string) as currency_code,
        cast(metric as string) as metric,
        cast(metric_value as decimal(38, 9)) as metric_value,
        cast(threshold as decimal(38, 9)) as threshold,
        cast(1 as bigint) as min_days,
        true as is_confirmed,
        cast(recommended_action as string) as recommended_action,
        cast(null as decimal(38, 9)) as recommended_change_pct,
        cast(null as decimal(38, 9)) as potential_margin_gain_thb,
        cast(title as string) as title,
        cast(description as string) as description,
        date_day,
        cast({{ shift_date('local_today', -1) }} as date) as last_complete_day
    from unioned
)

select * from final
