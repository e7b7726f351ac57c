with

source as (
    select * from {{ google_ads_source('google_ads_ad_groups') }}
),

final as (
    select
        ad_group_id,
        campaign_id,
        account_id,
        ad_group_name,
        status,
        type as ad_group_type,
        account_timezone,
        _loaded_at as loaded_at
    from source
)

select * from final
