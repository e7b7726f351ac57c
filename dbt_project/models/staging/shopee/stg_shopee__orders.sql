-- A table, not a view: it hashes buyer identifiers with the salt (see macros/shops/shops_pii.sql).
{{ config(materialized='table') }}

with

source as (
    select * from {{ shops_source('shopee', 'shopee_orders') }}
),

final as (
    select
        order_sn as order_id,
        shop_id,
        'shopee' as platform,
        region,
        order_status as platform_status,
        case
            when order_status = 'COMPLETED' then 'completed'
            when order_status in ('CANCELLED', 'IN_CANCEL') then 'cancelled'
            when order_status = 'TO_RETURN' then 'refunded'
            else 'pending'
        end as order_status,
        {{ shops_pii_hash("'shopee|' || shop_id || '|' || buyer_user_id") }} as buyer_hash,
        {{ shops_pii_hash("lower(buyer_username)") }} as buyer_username_hash,
        payment_method,
        cancel_by,
        cancel_reason,
        recipient_city,
        recipient_state,
        currency_code,
        account_timezone as shop_timezone,
        total_amount,
        estimated_shipping_fee as shipping_fee,
        actual_shipping_fee,
        cod as is_cod,
        {{ shops_local_date('create_time', 'account_timezone') }} as order_date,
        create_time as created_at,
        update_time as updated_at,
        pay_time as paid_at,
        _loaded_at as loaded_at
    from source
)

select * from final
