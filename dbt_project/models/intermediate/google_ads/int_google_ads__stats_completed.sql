-- Google Ads reports ad-based campaigns (Search ...) at ad level and every campaign at campaign
-- level; Performance Max campaigns only at campaign level. Keep each campaign's totals once: the
-- ad rows, plus per campaign and day what the campaign row shows beyond the sum of its ad rows
-- as one `campaign` row with no ad group or ad, when material (spend > 0.005 or impressions > 0)
-- — all of a Performance Max campaign, nothing of a Search campaign whose ads add up, the
-- delivery of removed ads otherwise. The same rule as Meta's campaign remainder (DECISIONLOG.md).
with

ad_stats as (
    select
        ad_id,
        ad_group_id,
        campaign_id,
        account_id,
        currency_code,
        account_timezone,
        spend,
        impressions,
        clicks,
        conversions,
        conversion_value,
        video_trueview_views,
        date_day
    from {{ ref('stg_google_ads__ad_stats') }}
),

campaign_stats as (
    select
        campaign_id,
        account_id,
        currency_code,
        account_timezone,
        spend,
        impressions,
        clicks,
        conversions,
        conversion_value,
        video_trueview_views,
        date_day
    from {{ ref('stg_google_ads__campaign_stats') }}
),

customers as (
    select
        account_id,
        account_name
    from {{ ref('stg_google_ads__customers') }}
),

campaigns as (
    select
        campaign_id,
        campaign_name
    from {{ ref('stg_google_ads__campaigns') }}
),

ad_groups as (
    select
        ad_group_id,
        ad_group_name
    from {{ ref('stg_google_ads__ad_groups') }}
),

ads as (
    select
        ad_group_id,
        ad_id,
        ad_name
    from {{ ref('stg_google_ads__ads') }}
),

ad_rows as (
    select
        ad_id,
        ad_group_id,
        campaign_id,
        account_id,
        currency_code,
        account_timezone,
        'ad' as reporting_level,
        spend,
        impressions,
        clicks,
        conversions,
        conversion_value,
        video_trueview_views,
        date_day
    from ad_stats
),

ad_totals_per_campaign_day as (
    select
        account_id,
        campaign_id,
        date_day,
        sum(spend) as spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        sum(video_trueview_views) as video_trueview_views
    from ad_stats
    group by
        account_id,
        campaign_id,
        date_day
),

campaign_remainders as (
    select
        cast(null as string) as ad_id,
        cast(null as string) as ad_group_id,
        campaign_stats.campaign_id,
        campaign_stats.account_id,
        campaign_stats.currency_code,
        campaign_stats.account_timezone,
        'campaign' as reporting_level,
        campaign_stats.spend - coalesce(ad_totals.spend, 0) as spend,
        campaign_stats.impressions - coalesce(ad_totals.impressions, 0) as impressions,
        campaign_stats.clicks - coalesce(ad_totals.clicks, 0) as clicks,
        campaign_stats.conversions - coalesce(ad_totals.conversions, 0) as conversions,
        campaign_stats.conversion_value - coalesce(ad_totals.conversion_value, 0) as conversion_value,
        campaign_stats.video_trueview_views
        - coalesce(ad_totals.video_trueview_views, 0) as video_trueview_views,
        campaign_stats.date_day
    from campaign_stats
    left join ad_totals_per_campaign_day as ad_totals
        on
            campaign_stats.account_id = ad_totals.account_id
            and campaign_stats.campaign_id = ad_totals.campaign_id
            and campaign_stats.date_day = ad_totals.date_day
),

material_remainders as (
    select *
    from campaign_remainders
    where spend > 0.005 or impressions > 0
),

completed as (
    select * from ad_rows
    union all
    select * from material_remainders
),

final as (
    select
        completed.ad_id,
        completed.ad_group_id,
        completed.campaign_id,
        completed.account_id,
        customers.account_name,
        ads.ad_name,
        ad_groups.ad_group_name,
        campaigns.campaign_name,
        completed.currency_code,
        completed.account_timezone,
        completed.reporting_level,
        completed.spend,
        completed.impressions,
        completed.clicks,
        completed.conversions,
        completed.conversion_value,
        completed.video_trueview_views,
        completed.date_day
    from completed
    left join customers
        on completed.account_id = customers.account_id
    left join campaigns
        on completed.campaign_id = campaigns.campaign_id
    left join ad_groups
        on completed.ad_group_id = ad_groups.ad_group_id
    left join ads
        on
            completed.ad_group_id = ads.ad_group_id
            and completed.ad_id = ads.ad_id
)

select * from final
