with

source as (
    select * from {{ tiktok_source('tiktok_advertisers') }}
),

final as (
    select
        account_id,
        advertiser_name as account_name,
        currency_code,
        account_timezone,
        status as account_status,
        coalesce(status = 'STATUS_ENABLE', false) as is_active,
        _loaded_at as loaded_at
    from source
)

select * from final
