with

source as (
    select * from {{ tiktok_source('tiktok_ads') }}
),

final as (
    select
        ad_id,
        ad_group_id,
        campaign_id,
        account_id,
        tiktok_item_id,
        video_id,
        ad_name,
        ad_format,
        landing_page_url,
        {{ tiktok_status('operation_status') }} as status,
        operation_status,
        secondary_status,
        account_timezone,
        create_time as created_at,
        modify_time as updated_at,
        _loaded_at as loaded_at
    from source
)

select * from final
