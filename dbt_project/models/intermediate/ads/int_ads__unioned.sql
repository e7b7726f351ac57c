-- The ad-performance contract (docs block `int_ads__unioned`): each platform gets one CTE that
-- renames its daily report onto the contract columns, in contract order, and one `union all`
-- branch in `unioned`. Types are fixed once, in `final`, for every branch.
with

meta_ads_insights as (
    select
        account_id,
        campaign_id,
        ad_set_id,
        ad_id,
        reporting_level,
        account_name,
        campaign_name,
        ad_set_name,
        ad_name,
        currency_code,
        account_timezone,
        spend,
        impressions,
        link_clicks,
        reach,
        purchases,
        purchase_value,
        video_views,
        video_thruplays,
        date_day
    from {{ ref('int_meta__ads_insights_completed') }}
),

meta as (
    select
        'meta' as platform,
        account_id,
        campaign_id,
        ad_set_id as ad_group_id,
        ad_id,
        reporting_level,
        account_name,
        campaign_name,
        ad_set_name as ad_group_name,
        ad_name,
        currency_code,
        account_timezone,
        spend,
        impressions,
        link_clicks as clicks,
        reach,
        purchases as conversions,
        purchase_value as conversion_value,
        video_views,
        video_thruplays,
        date_day
    from meta_ads_insights
),

google_ads as (
    select
        'google_ads' as platform,
        account_id,
        campaign_id,
        ad_group_id,
        ad_id,
        reporting_level,
        account_name,
        campaign_name,
        ad_group_name,
        ad_name,
        currency_code,
        account_timezone,
        spend,
        impressions,
        clicks,
        cast(null as bigint) as reach,
        conversions,
        conversion_value,
        cast(null as bigint) as video_views,
        video_trueview_views as video_thruplays,
        date_day
    from {{ ref('int_google_ads__stats_completed') }}
),

-- TikTok: spend already in currency units; conversions are Complete Payment purchases,
-- video_views the 2-second views and video_thruplays the completed views (DECISIONLOG.md).
-- The advertiser name comes from the advertiser row (the report does not carry it).
tiktok as (
    select
        'tiktok' as platform,
        reports.account_id,
        reports.campaign_id,
        reports.ad_group_id,
        reports.ad_id,
        'ad' as reporting_level,
        advertisers.account_name,
        reports.campaign_name,
        reports.ad_group_name,
        reports.ad_name,
        reports.currency_code,
        reports.account_timezone,
        reports.spend,
        reports.impressions,
        reports.clicks,
        reports.reach,
        reports.purchases as conversions,
        reports.purchase_value as conversion_value,
        reports.video_views_2s as video_views,
        reports.video_completions as video_thruplays,
        reports.date_day
    from {{ ref('stg_tiktok__ads_reports_daily') }} as reports
    left join {{ ref('stg_tiktok__advertisers') }} as advertisers
        on reports.account_id = advertisers.account_id
),

unioned as (
    select * from meta
    union all
    select * from google_ads
    union all
    select * from tiktok
),

final as (
    select
        {{ surrogate_key(['platform', 'account_id', 'campaign_id', 'ad_group_id', 'ad_id', 'date_day']) }}
            as ad_performance_id,
        cast(account_id as string) as account_id,
        cast(campaign_id as string) as campaign_id,
        cast(ad_group_id as string) as ad_group_id,
        cast(ad_id as string) as ad_id,
        cast(platform as string) as platform,
        cast(reporting_level as string) as reporting_level,
        cast(account_name as string) as account_name,
        cast(campaign_name as string) as campaign_name,
        cast(ad_group_name as string) as ad_group_name,
        cast(ad_name as string) as ad_name,
        cast(currency_code as string) as currency_code,
        cast(account_timezone as string) as account_timezone,
        cast(spend as decimal(38, 9)) as spend,
        cast(impressions as bigint) as impressions,
        cast(clicks as bigint) as clicks,
        cast(reach as bigint) as reach,
        cast(conversions as decimal(38, 9)) as conversions,
        cast(conversion_value as decimal(38, 9)) as conversion_value,
        cast(video_views as bigint) as video_views,
        cast(video_thruplays as bigint) as video_thruplays,
        cast(date_day as date) as date_day
    from unioned
)

select * from final
