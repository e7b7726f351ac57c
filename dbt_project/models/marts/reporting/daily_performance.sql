{{ assert_reporting_currency_is_thb() }}
{{
    config(
        partition_by=day_partitioning('date_day'),
        contract={'enforced': true},
    )
}}

{%- set compared = ['revenue_thb', 'orders', 'ad_spend_thb', 'roas'] -%}
{%- set comparisons = [('prev_day', 1, 'day'), ('prev_week', 7, 'day'), ('prev_month', 1, 'month')] -%}
{%- set platforms = ['meta', 'tiktok', 'google_ads'] -%}

-- The executive overview: what the brand sold (marketplace orders + web purchases GA4 measured)
-- against what it spent on ads (every platform), per local day. Platform-reported conversions
-- stay in one column per platform (DECISIONLOG 2); the blended ROAS and CPA use sales, never
-- the platforms' claims (docs block `daily_performance`).
with

orders as (
    select
        order_status,
        units,
        revenue_thb,
        order_date
    from {{ ref('fct_orders') }}
),

sessions as (
    select
        transactions,
        purchase_revenue_thb,
        session_date
    from {{ ref('int_ga4__sessions') }}
),

ad_performance as (
    select
        platform,
        spend_thb,
        impressions,
        clicks,
        conversions,
        conversion_value_thb,
        date_day
    from {{ ref('fct_ad_performance_daily') }}
),

shop_days as (
    select
        order_date as date_day,
        count(*) as marketplace_orders,
        sum(units) as units,
        sum(revenue_thb) as marketplace_revenue_thb
    from orders
    where order_status != 'cancelled'
    group by order_date
),

web_days as (
    select
        session_date as date_day,
        count(*) as sessions,
        sum(transactions) as web_orders,
        sum(purchase_revenue_thb) as web_revenue_thb
    from sessions
    group by session_date
),

ad_days as (
    select
        date_day,
        sum(spend_thb) as ad_spend_thb,
        sum(impressions) as impressions,
        sum(clicks) as clicks
        {%- for platform in platforms %},
        sum(case when platform = '{{ platform }}' then spend_thb end) as {{ platform }}_spend_thb,
        sum(case when platform = '{{ platform }}' then conversions end) as {{ platform }}_conversions,
        sum(case when platform = '{{ platform }}' then conversion_value_thb end)
            as {{ platform }}_conversion_value_thb
        {%- endfor %}
    from ad_performance
    group by date_day
),

day_keys as (
    select date_day from shop_days
    union distinct
    select date_day from web_days
    union distinct
    select date_day from ad_days
),

days as (
    select
        day_keys.date_day,
        coalesce(shop_days.marketplace_orders, 0) as marketplace_orders,
        coalesce(web_days.web_orders, 0) as web_orders,
        coalesce(shop_days.marketplace_orders, 0) + coalesce(web_days.web_orders, 0) as orders,
        coalesce(shop_days.units, 0) as units,
        coalesce(shop_days.marketplace_revenue_thb, 0) as marketplace_revenue_thb,
        coalesce(web_days.web_revenue_thb, 0) as web_revenue_thb,
        coalesce(shop_days.marketplace_revenue_thb, 0) + coalesce(web_days.web_revenue_thb, 0)
            as revenue_thb,
        coalesce(web_days.sessions, 0) as sessions,
        coalesce(ad_days.ad_spend_thb, 0) as ad_spend_thb,
        coalesce(ad_days.impressions, 0) as impressions,
        coalesce(ad_days.clicks, 0) as clicks
        {%- for platform in platforms %},
        coalesce(ad_days.{{ platform }}_spend_thb, 0) as {{ platform }}_spend_thb,
        ad_days.{{ platform }}_conversions,
        ad_days.{{ platform }}_conversion_value_thb
        {%- endfor %}
    from day_keys
    left join shop_days on day_keys.date_day = shop_days.date_day
    left join web_days on day_keys.date_day = web_days.date_day
    left join ad_days on day_keys.date_day = ad_days.date_day
),

with_ratios as (
    select
        *,
        {{ safe_divide('revenue_thb', 'orders') }} as aov_thb,
        {{ safe_divide('revenue_thb', 'ad_spend_thb') }} as roas,
        {{ safe_divide('ad_spend_thb', 'orders') }} as cpa_thb,
        {{ safe_divide('clicks', 'impressions') }} as ctr,
        {{ safe_divide('web_orders', 'sessions') }} as conversion_rate
        {%- for platform in platforms %},
        {{ safe_divide(platform ~ '_conversion_value_thb', platform ~ '_spend_thb') }} as {{ platform }}_roas,
        {{ safe_divide(platform ~ '_spend_thb', platform ~ '_conversions') }} as {{ platform }}_cpa_thb
        {%- endfor %}
    from days
),

final as (
    select
        cast(today.marketplace_orders as bigint) as marketplace_orders,
        cast(today.web_orders as bigint) as web_orders,
        cast(today.orders as bigint) as orders,
        cast(today.units as bigint) as units,
        cast(today.marketplace_revenue_thb as decimal(38, 9)) as marketplace_revenue_thb,
        cast(today.web_revenue_thb as decimal(38, 9)) as web_revenue_thb,
        cast(today.revenue_thb as decimal(38, 9)) as revenue_thb,
        cast(today.aov_thb as decimal(38, 9)) as aov_thb,
        cast(today.sessions as bigint) as sessions,
        cast(today.conversion_rate as decimal(38, 9)) as conversion_rate,
        cast(today.ad_spend_thb as decimal(38, 9)) as ad_spend_thb,
        cast(today.impressions as bigint) as impressions,
        cast(today.clicks as bigint) as clicks,
        cast(today.ctr as decimal(38, 9)) as ctr,
        cast(today.roas as decimal(38, 9)) as roas,
        cast(today.cpa_thb as decimal(38, 9)) as cpa_thb,
        {%- for platform in platforms %}
        cast(today.{{ platform }}_spend_thb as decimal(38, 9)) as {{ platform }}_spend_thb,
        cast(today.{{ platform }}_conversions as decimal(38, 9)) as {{ platform }}_conversions,
        cast(today.{{ platform }}_conversion_value_thb as decimal(38, 9))
            as {{ platform }}_conversion_value_thb,
        cast(today.{{ platform }}_roas as decimal(38, 9)) as {{ platform }}_roas,
        cast(today.{{ platform }}_cpa_thb as decimal(38, 9)) as {{ platform }}_cpa_thb,
        {%- endfor %}
        {%- for metric in compared %}
            {%- for name, n, part in comparisons %}
        cast({{ name }}.{{ metric }} as {{ 'bigint' if metric == 'orders' else 'decimal(38, 9)' }})
            as {{ metric }}_{{ name }},
        cast(
            {{ safe_divide('today.' ~ metric ~ ' - ' ~ name ~ '.' ~ metric, name ~ '.' ~ metric) }}
            as decimal(38, 9)
        ) as {{ metric }}_change_vs_{{ name }},
            {%- endfor %}
        {%- endfor %}
        today.date_day
    from with_ratios as today
    {%- for name, n, part in comparisons %}
    left join with_ratios as {{ name }}
        on {{ name }}.date_day = {{ shift_date('today.date_day', -n, part) }}
    {%- endfor %}
)

select * from final
