with

source as (
    select * from {{ source('meta', 'meta_ad_accounts') }}
),

final as (
    select
        account_id,
        account_name,
        currency_code,
        account_timezone,
        -- Meta's AdAccount.account_status codes
        case account_status
            when 1 then 'ACTIVE'
            when 2 then 'DISABLED'
            when 3 then 'UNSETTLED'
            when 7 then 'PENDING_RISK_REVIEW'
            when 8 then 'PENDING_SETTLEMENT'
            when 9 then 'IN_GRACE_PERIOD'
            when 100 then 'PENDING_CLOSURE'
            when 101 then 'CLOSED'
            when 201 then 'ANY_ACTIVE'
            when 202 then 'ANY_CLOSED'
        end as account_status,
        account_status as account_status_code,
        timezone_offset_hours_utc,
        coalesce(account_status = 1, false) as is_active,
        _loaded_at as loaded_at
    from source
)

select * from final
