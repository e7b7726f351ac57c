with

source as (
    select * from {{ google_ads_source('google_ads_campaigns') }}
),

final as (
    select
        campaign_id,
        account_id,
        campaign_budget_id,
        campaign_name,
        status,
        advertising_channel_type,
        bidding_strategy_type,
        currency_code,
        account_timezone,
        {{ from_micros('budget_amount_micros') }} as daily_budget,
        budget_amount_micros as daily_budget_micros,
        coalesce(advertising_channel_type = 'PERFORMANCE_MAX', false) as is_performance_max,
        start_date,
        -- Google returns 2037-12-30 for a campaign that runs indefinitely
        case when end_date < cast('2037-12-30' as date) then end_date end as end_date,
        _loaded_at as loaded_at
    from source
)

select * from final
