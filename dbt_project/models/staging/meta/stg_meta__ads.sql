with

source as (
    select * from {{ source('meta', 'meta_ads') }}
),

final as (
    select
        ad_id,
        ad_set_id,
        campaign_id,
        account_id,
        creative_id,
        object_story_id,
        effective_object_story_id,
        ad_name,
        status,
        effective_status,
        account_timezone,
        created_time as created_at,
        updated_time as updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
