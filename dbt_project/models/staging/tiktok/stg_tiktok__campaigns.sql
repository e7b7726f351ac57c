with

source as (
    select * from {{ tiktok_source('tiktok_campaigns') }}
),

final as (
    select
        campaign_id,
        account_id,
        campaign_name,
        objective_type,
        budget_mode,
        {{ tiktok_status('operation_status') }} as status,
        operation_status,
        secondary_status,
        currency_code,
        account_timezone,
        -- TikTok budgets are already currency units (DECISIONLOG 5): a cast, no conversion
        case when budget_mode = 'BUDGET_MODE_DAY' then cast(budget as decimal(38, 9)) end
            as daily_budget,
        case when budget_mode = 'BUDGET_MODE_TOTAL' then cast(budget as decimal(38, 9)) end
            as lifetime_budget,
        coalesce(budget_mode in ('BUDGET_MODE_DAY', 'BUDGET_MODE_TOTAL') and budget > 0, false)
            as has_campaign_budget,
        create_time as created_at,
        modify_time as updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
