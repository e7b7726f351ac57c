with

source as (
    select * from {{ google_ads_source('google_ads_ads') }}
),

final as (
    select
        ad_id,
        ad_group_id,
        campaign_id,
        account_id,
        ad_name,
        ad_type,
        status,
        final_urls,
        account_timezone,
        _loaded_at as loaded_at
    from source
)

select * from final
