with

source as (
    select * from {{ google_ads_source('google_ads_customers') }}
),

final as (
    select
        account_id,
        descriptive_name as account_name,
        currency_code,
        account_timezone,
        status as account_status,
        coalesce(status = 'ENABLED', false) as is_active,
        _loaded_at as loaded_at
    from source
)

select * from final
