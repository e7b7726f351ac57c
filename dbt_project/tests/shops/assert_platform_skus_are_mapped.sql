-- The unmapped-SKU report as a warning: every platform SKU sold or listed by a shop that has
-- no line in config/sku_mapping.csv (int_platform_skus__unmapped). Its order lines stay in the
-- facts with a null master_sku; add a mapping line to attribute them to a master product.
{{ config(severity='warn') }}

select
    platform,
    shop_id,
    platform_sku,
    product_name,
    order_lines,
    units,
    is_listed
from {{ ref('int_platform_skus__unmapped') }}
