{{ assert_reporting_currency_is_thb() }}
{{
    config(
        partition_by=day_partitioning('date_day'),
        cluster_by=['platform', 'shop_id'],
        contract={'enforced': true},
    )
}}

-- The shop performance page: each marketplace shop's orders per shop-local day, refunds, and
-- month-on-month / year-on-year growth of its month-to-date revenue (docs block
-- `shop_performance`). Growth compares revenue in the shop's own currency, so an FX move is not
-- read as growth; the `_thb` columns are for adding shops up.
with

orders as (
    select
        platform,
        shop_id,
        currency_code,
        order_status,
        units,
        revenue,
        revenue_thb,
        order_date
    from {{ ref('fct_orders') }}
),

shop_days as (
    select
        platform,
        shop_id,
        max(currency_code) as currency_code,
        count(case when order_status != 'cancelled' then 1 end) as orders,
        count(case when order_status = 'cancelled' then 1 end) as cancelled_orders,
        count(case when order_status = 'refunded' then 1 end) as refunded_orders,
        sum(case when order_status != 'cancelled' then units else 0 end) as units,
        sum(case when order_status != 'cancelled' then revenue else 0 end) as revenue,
        sum(case when order_status != 'cancelled' then revenue_thb else 0 end) as revenue_thb,
        sum(case when order_status = 'refunded' then revenue else 0 end) as refunds,
        sum(case when order_status = 'refunded' then revenue_thb else 0 end) as refunds_thb,
        -- a day with an order in a currency without ECB rates has no THB total
        min(case when order_status != 'cancelled' and revenue_thb is null then 0 else 1 end) = 1
            as is_thb_complete,
        order_date as date_day
    from orders
    group by
        platform,
        shop_id,
        order_date
),

-- month-to-date revenue: this month's days up to the day, and the same span of earlier months
-- (the previous month's day-of-month clamps to its last day: 03-31 compares with all of February)
month_to_date as (
    select
        shop_days.platform,
        shop_days.shop_id,
        shop_days.date_day,
        sum(
            case
                when earlier.date_day >= {{ month_start('shop_days.date_day') }}
                    then earlier.revenue
            end
        ) as revenue_mtd,
        sum(
            case
                when earlier.date_day >= {{ month_start(shift_date('shop_days.date_day', -1, 'month')) }}
                    and earlier.date_day <= {{ shift_date('shop_days.date_day', -1, 'month') }}
                    then earlier.revenue
            end
        ) as revenue_prev_month_mtd,
        sum(
            case
                when earlier.date_day >= {{ month_start(shift_date('shop_days.date_day', -12, 'month')) }}
                    and earlier.date_day <= {{ shift_date('shop_days.date_day', -12, 'month') }}
                    then earlier.revenue
            end
        ) as revenue_prev_year_mtd,
        -- whether the shop had any day in the compared span (no history is no growth, not -100 %)
        max(
            case
                when earlier.date_day >= {{ month_start(shift_date('shop_days.date_day', -1, 'month')) }}
                    and earlier.date_day <= {{ shift_date('shop_days.date_day', -1, 'month') }}
                    then 1
                else 0
            end
        ) as has_prev_month,
        max(
            case
                when earlier.date_day >= {{ month_start(shift_date('shop_days.date_day', -12, 'month')) }}
                    and earlier.date_day <= {{ shift_date('shop_days.date_day', -12, 'month') }}
                    then 1
                else 0
            end
        ) as has_prev_year
    from shop_days
    inner join shop_days as earlier
        on
            shop_days.platform = earlier.platform
            and shop_days.shop_id = earlier.shop_id
            and earlier.date_day <= shop_days.date_day
            and earlier.date_day >= {{ month_start(shift_date('shop_days.date_day', -12, 'month')) }}
    group by
        shop_days.platform,
        shop_days.shop_id,
        shop_days.date_day
),

final as (
    select
        {{ surrogate_key(['shop_days.platform', 'shop_days.shop_id', 'shop_days.date_day']) }}
            as shop_performance_id,
        cast(shop_days.shop_id as string) as shop_id,
        cast(shop_days.platform as string) as platform,
        cast(shop_days.currency_code as string) as currency_code,
        cast(shop_days.orders as bigint) as orders,
        cast(shop_days.cancelled_orders as bigint) as cancelled_orders,
        cast(shop_days.refunded_orders as bigint) as refunded_orders,
        cast(shop_days.units as bigint) as units,
        cast(shop_days.revenue as decimal(38, 9)) as revenue,
        cast(case when shop_days.is_thb_complete then shop_days.revenue_thb end as decimal(38, 9))
            as revenue_thb,
        cast({{ safe_divide('shop_days.revenue', 'shop_days.orders') }} as decimal(38, 9)) as aov,
        cast(
            case when shop_days.is_thb_complete
                then {{ safe_divide('shop_days.revenue_thb', 'shop_days.orders') }} end
            as decimal(38, 9)
        ) as aov_thb,
        cast(shop_days.refunds as decimal(38, 9)) as refunds,
        cast(case when shop_days.is_thb_complete then shop_days.refunds_thb end as decimal(38, 9))
            as refunds_thb,
        cast({{ safe_divide('shop_days.refunded_orders', 'shop_days.orders') }} as decimal(38, 9))
            as refund_rate,
        cast(shop_days.revenue - shop_days.refunds as decimal(38, 9)) as net_revenue,
        cast(month_to_date.revenue_mtd as decimal(38, 9)) as revenue_mtd,
        cast(
            case when month_to_date.has_prev_month = 1
                then coalesce(month_to_date.revenue_prev_month_mtd, 0) end
            as decimal(38, 9)
        ) as revenue_prev_month_mtd,
        cast(
            case when month_to_date.has_prev_month = 1
                then {{ safe_divide(
                    'month_to_date.revenue_mtd - month_to_date.revenue_prev_month_mtd',
                    'month_to_date.revenue_prev_month_mtd') }} end
            as decimal(38, 9)
        ) as mom_growth,
        cast(
            case when month_to_date.has_prev_year = 1
                then coalesce(month_to_date.revenue_prev_year_mtd, 0) end
            as decimal(38, 9)
        ) as revenue_prev_year_mtd,
        cast(
            case when month_to_date.has_prev_year = 1
                then {{ safe_divide(
                    'month_to_date.revenue_mtd - month_to_date.revenue_prev_year_mtd',
                    'month_to_date.revenue_prev_year_mtd') }} end
            as decimal(38, 9)
        ) as yoy_growth,
        shop_days.date_day
    from shop_days
    inner join month_to_date
        on
            shop_days.platform = month_to_date.platform
            and shop_days.shop_id = month_to_date.shop_id
            and shop_days.date_day = month_to_date.date_day
)

select * from final
