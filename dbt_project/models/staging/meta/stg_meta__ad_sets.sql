with

source as (
    select * from {{ source('meta', 'meta_ad_sets') }}
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
        source.ad_set_id,
        source.campaign_id,
        source.account_id,
        source.ad_set_name,
        source.status,
        source.effective_status,
        source.optimization_goal,
        source.billing_event,
        source.bid_strategy,
        source.currency_code,
        source.account_timezone,
        {{ from_minor_units('source.daily_budget_minor', 'currencies.minor_unit_exponent') }} as daily_budget,
        {{ from_minor_units('source.lifetime_budget_minor', 'currencies.minor_unit_exponent') }} as lifetime_budget,
        source.daily_budget_minor,
        source.lifetime_budget_minor,
        source.start_time as start_at,
        source.end_time as end_at,
        source.created_time as created_at,
        source.updated_time as updated_at,
        source._loaded_at as loaded_at
    from source
    left join currencies
        on source.currency_code = currencies.currency_code
)

select * from final
