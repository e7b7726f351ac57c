with

source as (
    select * from {{ source('meta', 'meta_campaigns_insights') }}
    where {{ all_partitions('date_day') }}
),

actions_picked as (
    select
        *,
        {{ meta_insight_action_columns() }}
    from source
),

final as (
    select
        campaign_id,
        account_id,
        campaign_name,
        currency_code,
        account_timezone,
        {{ meta_purchase_action_type() }} as purchase_action_type,
        {{ meta_insight_metric_columns() }},
        date_day,
        _loaded_at as loaded_at
    from actions_picked
)

select * from final
