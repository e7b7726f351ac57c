-- One row per content item: what the platforms say about it (int_content__unioned), what
-- config/content.csv says (type, source, owner, products, influencer cost, status override),
-- and how ads use it (status derived from the ads, DECISIONLOG "Content status").
with

items as (
    select
        content_id,
        platform,
        platform_post_id,
        account_id,
        caption,
        permalink_url,
        content_format,
        account_timezone,
        video_duration_s,
        created_date,
        created_at
    from {{ ref('int_content__unioned') }}
),

descriptors as (
    select
        platform,
        platform_post_id,
        content_type,
        content_source,
        owner,
        products,
        status_override,
        influencer_cost_thb
    from {{ ref('stg_content__descriptors') }}
),

links as (
    select
        content_id,
        ad_platform,
        account_id,
        ad_id,
        is_ad_active
    from {{ ref('int_content__linked_to_ads') }}
    where has_content
),

ad_spend as (
    select
        platform,
        account_id,
        ad_id,
        sum(spend_thb) as spend_thb
    from {{ ref('fct_ad_performance_daily') }}
    where reporting_level = 'ad'
    group by platform, account_id, ad_id
),

ad_usage as (
    select
        links.content_id,
        count(*) as ads_count,
        sum(case when links.is_ad_active then 1 else 0 end) as active_ads_count,
        sum(coalesce(ad_spend.spend_thb, 0)) as ads_cost_thb
    from links
    left join ad_spend
        on
            links.ad_platform = ad_spend.platform
            and links.account_id = ad_spend.account_id
            and links.ad_id = ad_spend.ad_id
    group by links.content_id
),

final as (
    select
        items.content_id,
        items.platform,
        items.platform_post_id,
        items.account_id,
        items.caption,
        items.permalink_url,
        items.content_format,
        descriptors.content_type,
        descriptors.content_source,
        descriptors.owner,
        descriptors.products,
        case
            when descriptors.status_override is not null then descriptors.status_override
            when coalesce(ad_usage.active_ads_count, 0) = 0 then 'READY'
            when ad_usage.ads_cost_thb >= {{ var('content_test_spend_thb') }} then 'ACTIVE_AD'
            else 'TEST_AD'
        end as status,
        case when descriptors.status_override is not null then 'config' else 'ads' end
            as status_source,
        items.account_timezone,
        cast(descriptors.influencer_cost_thb as decimal(38, 9)) as influencer_cost_thb,
        items.video_duration_s,
        cast(coalesce(ad_usage.ads_count, 0) as bigint) as ads_count,
        cast(coalesce(ad_usage.active_ads_count, 0) as bigint) as active_ads_count,
        cast(coalesce(ad_usage.ads_cost_thb, 0) as decimal(38, 9)) as ads_cost_thb,
        descriptors.platform is not null as is_described,
        items.created_date,
        cast(items.created_at as timestamp) as created_at
    from items
    left join descriptors
        on
            items.platform = descriptors.platform
            and items.platform_post_id = descriptors.platform_post_id
    left join ad_usage
        on items.content_id = ad_usage.content_id
)

select * from final
