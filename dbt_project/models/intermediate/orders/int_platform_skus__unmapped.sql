-- The unmapped-SKU report: one row per (platform, shop, platform SKU) that appears in orders or
-- in the product catalogue but has no row in config/sku_mapping.csv. Its order lines stay in
-- fct_order_items with a null master_sku; add a mapping line to fix them (the warn-level test
-- assert_platform_skus_are_mapped lists the same rows).
{{ config(materialized='table') }}

with

order_lines as (
    select * from {{ ref('int_order_items__mapped') }}
),

shopee_products as (
    select
        shop_id,
        platform_sku,
        product_name
    from {{ ref('stg_shopee__products') }}
),

lazada_products as (
    select
        shop_id,
        platform_sku,
        product_name
    from {{ ref('stg_lazada__products') }}
),

tiktok_shop_products as (
    select
        shop_id,
        platform_sku,
        product_name
    from {{ ref('stg_tiktok_shop__products') }}
),

sku_mapping as (
    select
        platform,
        shop_id,
        platform_sku
    from {{ ref('stg_shops__sku_mapping') }}
    where shop_id is not null
),

listed as (
    select
        'shopee' as platform,
        shop_id,
        platform_sku,
        product_name
    from shopee_products
    union all
    select
        'lazada' as platform,
        shop_id,
        platform_sku,
        product_name
    from lazada_products
    union all
    select
        'tiktok_shop' as platform,
        shop_id,
        platform_sku,
        product_name
    from tiktok_shop_products
),

unmapped_listed as (
    select
        listed.platform,
        listed.shop_id,
        listed.platform_sku,
        min(listed.product_name) as product_name
    from listed
    left join sku_mapping
        on
            listed.platform = sku_mapping.platform
            and listed.shop_id = sku_mapping.shop_id
            and listed.platform_sku = sku_mapping.platform_sku
    where sku_mapping.platform_sku is null
    group by
        listed.platform,
        listed.shop_id,
        listed.platform_sku
),

unmapped_sold as (
    select
        platform,
        shop_id,
        platform_sku,
        min(product_name) as product_name,
        min(currency_code) as currency_code,
        count(*) as order_lines,
        sum(quantity) as units,
        sum(line_revenue) as line_revenue,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date
    from order_lines
    where not is_mapped
    group by
        platform,
        shop_id,
        platform_sku
),

final as (
    select
        coalesce(unmapped_sold.platform, unmapped_listed.platform) as platform,
        coalesce(unmapped_sold.shop_id, unmapped_listed.shop_id) as shop_id,
        coalesce(unmapped_sold.platform_sku, unmapped_listed.platform_sku) as platform_sku,
        coalesce(unmapped_sold.product_name, unmapped_listed.product_name) as product_name,
        unmapped_sold.currency_code,
        coalesce(unmapped_sold.order_lines, 0) as order_lines,
        coalesce(unmapped_sold.units, 0) as units,
        coalesce(unmapped_sold.line_revenue, 0) as line_revenue,
        unmapped_listed.platform_sku is not null as is_listed,
        unmapped_sold.first_order_date,
        unmapped_sold.last_order_date
    from unmapped_sold
    full outer join unmapped_listed
        on
            unmapped_sold.platform = unmapped_listed.platform
            and unmapped_sold.shop_id = unmapped_listed.shop_id
            and unmapped_sold.platform_sku = unmapped_listed.platform_sku
)

select * from final
