{{
    config(
        materialized='table',
        contract={'enforced': true},
    )
}}

with

master_products as (
    select * from {{ ref('master_products') }}
),

sku_mapping as (
    select
        platform,
        shop_id,
        platform_sku,
        master_sku
    from {{ ref('stg_shops__sku_mapping') }}
    where shop_id is not null
),

listings as (
    select
        master_sku,
        count(*) as mapped_platform_skus,
        count(distinct platform || '|' || shop_id) as shops_listing
    from sku_mapping
    group by master_sku
),

final as (
    select
        master_products.sku as master_sku,
        master_products.product_name,
        master_products.product_group,
        cast(master_products.list_price_thb as decimal(38, 9)) as list_price_thb,
        cast(master_products.unit_cost_thb as decimal(38, 9)) as unit_cost_thb,
        cast(
            (master_products.list_price_thb - master_products.unit_cost_thb)
            / master_products.list_price_thb as decimal(38, 9)
        ) as list_gross_margin_rate,
        cast(coalesce(listings.mapped_platform_skus, 0) as bigint) as mapped_platform_skus,
        cast(coalesce(listings.shops_listing, 0) as bigint) as shops_listing
    from master_products
    left join listings
        on master_products.sku = listings.master_sku
)

select * from final
