{{ assert_reporting_currency_is_thb() }}
{{
    config(
        partition_by=day_partitioning('date_day'),
        cluster_by=['master_sku'],
        contract={'enforced': true},
    )
}}

{%- set shop_platforms = ['shopee', 'lazada', 'tiktok_shop'] -%}

-- The product analytics page: each master SKU's marketplace sales per shop-local day, split by
-- shop platform, with cost of goods, gross profit and ranks among the day's SKUs, plus the
-- SKU's consumer scans that day. Lines of cancelled orders and lines whose platform SKU is not
-- mapped to a master SKU are left out (the latter are listed by int_platform_skus__unmapped).
with

order_items as (
    select
        platform,
        master_sku,
        line_status,
        quantity,
        line_revenue_thb,
        cost_of_goods_thb,
        gross_profit_thb,
        order_date
    from {{ ref('fct_order_items') }}
    where master_sku is not null and line_status != 'cancelled'
),

products as (
    select
        master_sku,
        product_name,
        product_group
    from {{ ref('dim_products') }}
),

scans as (
    select
        master_sku,
        sum(scans) as scans,
        date_day
    from {{ ref('stg_files__scans_daily') }}
    group by
        master_sku,
        date_day
),

sku_days as (
    select
        master_sku,
        order_date as date_day,
        sum(quantity) as units,
        sum(line_revenue_thb) as revenue_thb,
        -- THB amounts of lines with an FX rate only, so gross profit = revenue − cost of goods
        sum(case when line_revenue_thb is not null then cost_of_goods_thb end) as cost_of_goods_thb,
        sum(gross_profit_thb) as gross_profit_thb,
        count(case when line_revenue_thb is null then 1 end) as lines_without_rate
        {%- for platform in shop_platforms %},
        sum(case when platform = '{{ platform }}' then quantity else 0 end) as {{ platform }}_units,
        sum(case when platform = '{{ platform }}' then line_revenue_thb else 0 end)
            as {{ platform }}_revenue_thb
        {%- endfor %}
    from order_items
    group by
        master_sku,
        order_date
),

day_keys as (
    select master_sku, date_day from sku_days
    union distinct
    select master_sku, date_day from scans
),

joined as (
    select
        day_keys.master_sku,
        products.product_name,
        products.product_group,
        coalesce(sku_days.units, 0) as units,
        coalesce(sku_days.revenue_thb, 0) as revenue_thb,
        coalesce(sku_days.cost_of_goods_thb, 0) as cost_of_goods_thb,
        coalesce(sku_days.gross_profit_thb, 0) as gross_profit_thb,
        coalesce(sku_days.lines_without_rate, 0) as lines_without_rate,
        {%- for platform in shop_platforms %}
        coalesce(sku_days.{{ platform }}_units, 0) as {{ platform }}_units,
        coalesce(sku_days.{{ platform }}_revenue_thb, 0) as {{ platform }}_revenue_thb,
        {%- endfor %}
        coalesce(scans.scans, 0) as scans,
        day_keys.date_day
    from day_keys
    left join sku_days
        on day_keys.master_sku = sku_days.master_sku and day_keys.date_day = sku_days.date_day
    left join scans
        on day_keys.master_sku = scans.master_sku and day_keys.date_day = scans.date_day
    left join products
        on day_keys.master_sku = products.master_sku
),

final as (
    select
        {{ surrogate_key(['master_sku', 'date_day']) }} as product_performance_id,
        cast(master_sku as string) as master_sku,
        cast(product_name as string) as product_name,
        cast(product_group as string) as product_group,
        {%- for platform in shop_platforms %}
        cast({{ platform }}_units as bigint) as {{ platform }}_units,
        cast({{ platform }}_revenue_thb as decimal(38, 9)) as {{ platform }}_revenue_thb,
        {%- endfor %}
        cast(units as bigint) as units,
        cast(revenue_thb as decimal(38, 9)) as revenue_thb,
        cast(cost_of_goods_thb as decimal(38, 9)) as cost_of_goods_thb,
        cast(gross_profit_thb as decimal(38, 9)) as gross_profit_thb,
        cast({{ safe_divide('gross_profit_thb', 'revenue_thb') }} as decimal(38, 9)) as gross_margin_rate,
        cast(scans as bigint) as scans,
        cast(lines_without_rate as bigint) as lines_without_rate,
        cast(
            rank() over (partition by date_day order by revenue_thb desc) as bigint
        ) as revenue_rank,
        cast(rank() over (partition by date_day order by units desc) as bigint) as units_rank,
        cast(
            rank() over (partition by date_day order by gross_profit_thb desc) as bigint
        ) as gross_profit_rank,
        cast(
            rank() over (partition by date_day, product_group order by revenue_thb desc) as bigint
        ) as revenue_rank_in_group,
        date_day
    from joined
)

select * from final
