{{ config(**window_incremental_config(
    ['alert_type', 'platform', 'object_id', 'date_day'], ['alert_type', 'platform'])) }}

-- Shop-days on which revenue_drop holds (docs block `alert_rules`): the shop's revenue (its own
-- currency, so FX moves are not drops) more than revenue_drop_pct below the same weekday a week
-- earlier, when that day had at least min_revenue_thb. A day without any order is a day of zero
-- revenue, so days seven days after an order day are evaluated too. Shops have no media buyer:
-- the default thresholds apply. Written by partition window: a windowed run evaluates the window's
-- days from the shop-days of the window and the week before it.
with

shop_days as (
    select
        platform,
        shop_id,
        currency_code,
        revenue,
        revenue_thb,
        date_day
    from {{ ref('shop_performance') }}
    where {{ date_window_filter('date_day', lookback_days=7) }}
),

shop_zones as (
    select
        platform,
        shop_id,
        max(shop_timezone) as shop_timezone
    from {{ ref('fct_orders') }}
    where {{ date_window_filter('order_date', lookback_days=7) }}
    group by
        platform,
        shop_id
),

evaluation_days as (
    select platform, shop_id, date_day from shop_days
    union distinct
    select platform, shop_id, {{ shift_date('date_day', 7) }} as date_day from shop_days
),

compared as (
    select
        evaluation_days.platform,
        evaluation_days.shop_id,
        last_week.currency_code,
        coalesce(today.revenue, 0) as revenue,
        last_week.revenue as revenue_last_week,
        last_week.revenue_thb as revenue_last_week_thb,
        {{ safe_divide('coalesce(today.revenue, 0) - last_week.revenue', 'last_week.revenue') }}
            as revenue_change,
        {{ alert_threshold('revenue_drop_pct') }} as revenue_drop_pct,
        {{ alert_threshold('min_revenue_thb') }} as min_revenue_thb,
        {{ alerts_local_today('shop_zones.shop_timezone') }} as local_today,
        evaluation_days.date_day
    from evaluation_days
    inner join shop_days as last_week
        on
            evaluation_days.platform = last_week.platform
            and evaluation_days.shop_id = last_week.shop_id
            and last_week.date_day = {{ shift_date('evaluation_days.date_day', -7) }}
    left join shop_days as today
        on
            evaluation_days.platform = today.platform
            and evaluation_days.shop_id = today.shop_id
            and evaluation_days.date_day = today.date_day
    left join shop_zones
        on evaluation_days.platform = shop_zones.platform and evaluation_days.shop_id = shop_zones.shop_id
),

final as (
    select
        cast('revenue_drop' as string) as alert_type,
        cast(
            case when revenue_change < -2 * revenue_drop_pct then 'critical' else 'warning' end as string
        ) as severity,
        cast('shop' as string) as object_level,
        cast(shop_id as string) as object_id,
        cast(platform as string) as platform,
        cast(shop_id as string) as account_id,
        cast(null as string) as account_name,
        cast(null as string) as campaign_id,
        cast(null as string) as campaign_name,
        cast(null as string) as ad_group_id,
        cast(null as string) as ad_id,
        cast(null as string) as owner,
        cast(currency_code as string) as currency_code,
        cast('revenue_change_vs_last_week' as string) as metric,
        cast(revenue_change as decimal(38, 9)) as metric_value,
        cast(-revenue_drop_pct as decimal(38, 9)) as threshold,
        cast(1 as bigint) as min_days,
        true as is_confirmed,
        cast('investigate' as string) as recommended_action,
        cast(null as decimal(38, 9)) as recommended_change_pct,
        cast(null as decimal(38, 9)) as potential_margin_gain_thb,
        cast(
            concat('Revenue down ', {{ display_number('-revenue_change * 100', 0) }}, '% vs last week')
            as string
        ) as title,
        cast(
            concat(
                platform, ' shop ', shop_id, ': revenue ', {{ display_number('revenue', 0) }}, ' ',
                coalesce(currency_code, ''), ' against ', {{ display_number('revenue_last_week', 0) }},
                ' on the same weekday last week.'
            ) as string
        ) as description,
        date_day,
        cast({{ shift_date('local_today', -1) }} as date) as last_complete_day
    from compared
    where
        date_day < local_today
        and {{ date_window_filter('date_day') }}
        and revenue_last_week_thb >= min_revenue_thb
        and revenue_change < -revenue_drop_pct
)

select * from final
