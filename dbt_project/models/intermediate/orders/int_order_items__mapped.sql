-- Order lines with their master SKU (config/sku_mapping.csv through raw.sku_mapping) and the
-- master product's unit cost. A line whose platform SKU has no mapping keeps master_sku,
-- product_group and unit cost null (is_mapped false): it stays in the facts and is listed by
-- int_platform_skus__unmapped, never dropped.
with

order_lines as (
    select * from {{ ref('int_order_items__unioned') }}
),

sku_mapping as (
    select
        platform,
        shop_id,
        platform_sku,
        master_sku,
        product_group
    from {{ ref('stg_shops__sku_mapping') }}
    where shop_id is not null
),

master_products as (
    select
        sku as master_sku,
        cast(unit_cost_thb as decimal(38, 9)) as unit_cost_thb
    from {{ ref('master_products') }}
),

final as (
    select
        order_lines.order_line_id,
        order_lines.order_key,
        order_lines.order_id,
        order_lines.shop_id,
        order_lines.platform,
        order_lines.platform_sku,
        order_lines.product_name,
        order_lines.line_status,
        order_lines.currency_code,
        order_lines.quantity,
        order_lines.unit_list_price,
        order_lines.gross_amount,
        order_lines.item_discount_amount,
        order_lines.voucher_amount,
        order_lines.line_revenue,
        order_lines.order_date,
        sku_mapping.master_sku,
        sku_mapping.product_group,
        master_products.unit_cost_thb,
        sku_mapping.master_sku is not null as is_mapped
    from order_lines
    left join sku_mapping
        on
            order_lines.platform = sku_mapping.platform
            and order_lines.shop_id = sku_mapping.shop_id
            and order_lines.platform_sku = sku_mapping.platform_sku
    left join master_products
        on sku_mapping.master_sku = master_products.master_sku
)

select * from final
