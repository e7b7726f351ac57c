-- A table, not a view: it hashes buyer identifiers with the salt (see macros/shops/shops_pii.sql).
{{ config(materialized='table') }}

with

source as (
    select * from {{ shops_source('tiktok_shop', 'tiktok_shop_orders') }}
),

final as (
    select
        order_id,
        shop_id,
        'tiktok_shop' as platform,
        status as platform_status,
        case
            when status = 'COMPLETED' then 'completed'
            when status = 'CANCELLED' then 'cancelled'
            else 'pending'
        end as order_status,
        {{ shops_pii_hash("'tiktok_shop|' || shop_id || '|' || user_id") }} as buyer_hash,
        {{ shops_pii_hash("lower(trim(buyer_email))") }} as buyer_email_hash,
        payment_method_name as payment_method,
        cancel_reason,
        cancellation_initiator,
        recipient_region_code,
        currency_code,
        account_timezone as shop_timezone,
        original_total_product_price,
        seller_discount,
        platform_discount,
        sub_total,
        shipping_fee,
        tax,
        total_amount,
        coalesce(is_cod, false) as is_cod,
        {{ shops_local_date('create_time', 'account_timezone') }} as order_date,
        create_time as created_at,
        update_time as updated_at,
        paid_time as paid_at,
        _loaded_at as loaded_at
    from source
)

select * from final
