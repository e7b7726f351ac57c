with

source as (
    select * from {{ tiktok_source('tiktok_ad_groups') }}
),

final as (
    select
        ad_group_id,
        campaign_id,
        account_id,
        ad_group_name,
        budget_mode,
        {{ tiktok_status('operation_status') }} as status,
        operation_status,
        secondary_status,
        optimization_goal,
        billing_event,
        bid_type,
        currency_code,
        account_timezone,
        case when budget_mode = 'BUDGET_MODE_DAY' then cast(budget as decimal(38, 9)) end
            as daily_budget,
        case when budget_mode = 'BUDGET_MODE_TOTAL' then cast(budget as decimal(38, 9)) end
            as lifetime_budget,
        create_time as created_at,
        modify_time as updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
