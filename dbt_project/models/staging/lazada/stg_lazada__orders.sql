-- A table, not a view: it hashes buyer identifiers with the salt (see macros/shops/shops_pii.sql).
{{ config(materialized='table') }}

with

source as (
    select * from {{ shops_source('lazada', 'lazada_orders') }}
),

-- statuses is the sorted, comma-joined set of the order's item statuses. Terminal item
-- statuses: confirmed (buyer confirmed), canceled, returned; an order is open while any item
-- has another status.
flagged as (
    select
        *,
        replace(replace(replace(replace(
            coalesce(statuses, ''), 'confirmed', ''), 'canceled', ''), 'returned', ''), ',', ''
        ) = '' as is_closed,
        coalesce(statuses, '') like '%confirmed%' as has_confirmed,
        coalesce(statuses, '') like '%returned%' as has_returned
    from source
),

final as (
    select
        order_id,
        seller_id as shop_id,
        'lazada' as platform,
        order_number,
        statuses as platform_status,
        case
            when not is_closed or statuses is null then 'pending'
            when has_confirmed then 'completed'
            when has_returned then 'refunded'
            else 'cancelled'
        end as order_status,
        {{ shops_pii_hash("'lazada|' || seller_id || '|' || lower(trim(customer_first_name)) || ' ' || lower(trim(customer_last_name))") }}
            as buyer_hash,
        {{ shops_pii_hash("lower(trim(customer_first_name)) || ' ' || lower(trim(customer_last_name))") }}
            as buyer_name_hash,
        payment_method,
        shipping_city,
        currency_code,
        account_timezone as shop_timezone,
        price as items_amount,
        voucher as voucher_amount,
        voucher_seller,
        voucher_platform,
        shipping_fee,
        -- Lazada sends no order total: items after promotions - vouchers + shipping
        price - coalesce(voucher, 0) + coalesce(shipping_fee, 0) as total_amount,
        items_count,
        coalesce(payment_method = 'COD', false) as is_cod,
        {{ shops_local_date('created_at', 'account_timezone') }} as order_date,
        created_at,
        updated_at,
        _loaded_at as loaded_at
    from flagged
)

select * from final
