with

source as (
    select * from {{ source('meta', 'meta_campaigns') }}
),

-- A lookup of reference data, not a join of entities: minor units → currency units is a cast,
-- and casts belong in staging.
currencies as (
    select
        currency_code,
        minor_unit_exponent
    from {{ ref('currencies') }}
),

final as (
    select
        source.campaign_id,
        source.account_id,
        source.campaign_name,
        source.objective,
        source.status,
        source.effective_status,
        source.buying_type,
        source.bid_strategy,
        source.currency_code,
        source.account_timezone,
        {{ from_minor_units('source.daily_budget_minor', 'currencies.minor_unit_exponent') }} as daily_budget,
        {{ from_minor_units('source.lifetime_budget_minor', 'currencies.minor_unit_exponent') }} as lifetime_budget,
        source.daily_budget_minor,
        source.lifetime_budget_minor,
        coalesce(
            source.daily_budget_minor > 0 or source.lifetime_budget_minor > 0, false
        ) as has_campaign_budget,
        source.start_time as start_at,
        source.stop_time as stop_at,
        source.created_time as created_at,
        source.updated_time as updated_at,
        source._loaded_at as loaded_at
    from source
    left join currencies
        on source.currency_code = currencies.currency_code
)

select * from final
