{{
    config(
        materialized='table',
        contract={'enforced': true},
    )
}}

-- Rebuilt whole on every run, like fct_orders (order lines change status with their order).
with

order_lines as (
    select * from {{ ref('int_order_items__mapped') }}
),

fx_rates as (
    select
        currency_code,
        rate_to_thb,
        valid_from_date,
        valid_until_date
    from {{ ref('int_fx_rates__as_of') }}
),

converted as (
    select
        order_lines.*,
        fx_rates.rate_to_thb as fx_rate_to_thb
    from order_lines
    left join fx_rates
        on
            order_lines.currency_code = fx_rates.currency_code
            and order_lines.order_date >= fx_rates.valid_from_date
            and order_lines.order_date < fx_rates.valid_until_date
),

final as (
    select
        order_line_id,
        order_key,
        order_id,
        shop_id,
        platform,
        master_sku,
        product_group,
        platform_sku,
        product_name,
        line_status,
        currency_code,
        quantity,
        unit_list_price,
        gross_amount,
        item_discount_amount,
        voucher_amount,
        cast(item_discount_amount + voucher_amount as decimal(38, 9)) as discount_amount,
        line_revenue,
        cast(fx_rate_to_thb as decimal(38, 9)) as fx_rate_to_thb,
        cast(line_revenue * fx_rate_to_thb as decimal(38, 9)) as line_revenue_thb,
        unit_cost_thb,
        cast(unit_cost_thb * quantity as decimal(38, 9)) as cost_of_goods_thb,
        cast(line_revenue * fx_rate_to_thb - unit_cost_thb * quantity as decimal(38, 9))
            as gross_profit_thb,
        is_mapped,
        order_date
    from converted
)

select * from final
