-- Meta's ad-level report does not always add up to its campaign-level report (Ads Manager's
-- totals): spend of deleted ads, and campaigns whose ads have no rows at all in recorded data.
-- Per campaign and day, what the campaign report shows beyond the sum of its ad rows becomes one
-- `campaign` row with no ad, when material (spend > 0.005 or impressions > 0). See DECISIONLOG.md.
with

ads_insights as (
    select
        ad_id,
        ad_set_id,
        campaign_id,
        account_id,
        ad_name,
        ad_set_name,
        campaign_name,
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
    from {{ ref('stg_meta__ads_insights') }}
),

campaigns_insights as (
    select
        campaign_id,
        account_id,
        campaign_name,
        currency_code,
        account_timezone,
        spend,
        impressions,
        link_clicks,
        purchases,
        purchase_value,
        video_views,
        video_thruplays,
        date_day
    from {{ ref('stg_meta__campaigns_insights') }}
),

ad_accounts as (
    select
        account_id,
        account_name
    from {{ ref('stg_meta__ad_accounts') }}
),

ad_rows as (
    select
        ad_id,
        ad_set_id,
        campaign_id,
        account_id,
        ad_name,
        ad_set_name,
        campaign_name,
        currency_code,
        account_timezone,
        'ad' as reporting_level,
        spend,
        impressions,
        link_clicks,
        reach,
        purchases,
        purchase_value,
        video_views,
        video_thruplays,
        date_day
    from ads_insights
),

ad_totals_per_campaign_day as (
    select
        account_id,
        campaign_id,
        date_day,
        sum(spend) as spend,
        sum(impressions) as impressions,
        sum(link_clicks) as link_clicks,
        sum(purchases) as purchases,
        sum(purchase_value) as purchase_value,
        sum(video_views) as video_views,
        sum(video_thruplays) as video_thruplays
    from ads_insights
    group by
        account_id,
        campaign_id,
        date_day
),

campaign_remainders as (
    select
        cast(null as string) as ad_id,
        cast(null as string) as ad_set_id,
        campaigns_insights.campaign_id,
        campaigns_insights.account_id,
        cast(null as string) as ad_name,
        cast(null as string) as ad_set_name,
        campaigns_insights.campaign_name,
        campaigns_insights.currency_code,
        campaigns_insights.account_timezone,
        'campaign' as reporting_level,
        campaigns_insights.spend - coalesce(ad_totals.spend, 0) as spend,
        campaigns_insights.impressions - coalesce(ad_totals.impressions, 0) as impressions,
        campaigns_insights.link_clicks - coalesce(ad_totals.link_clicks, 0) as link_clicks,
        -- reach is deduplicated per level: a difference of reaches counts nobody
        cast(null as bigint) as reach,
        campaigns_insights.purchases - coalesce(ad_totals.purchases, 0) as purchases,
        campaigns_insights.purchase_value - coalesce(ad_totals.purchase_value, 0) as purchase_value,
        campaigns_insights.video_views - coalesce(ad_totals.video_views, 0) as video_views,
        campaigns_insights.video_thruplays - coalesce(ad_totals.video_thruplays, 0) as video_thruplays,
        campaigns_insights.date_day
    from campaigns_insights
    left join ad_totals_per_campaign_day as ad_totals
        on
            campaigns_insights.account_id = ad_totals.account_id
            and campaigns_insights.campaign_id = ad_totals.campaign_id
            and campaigns_insights.date_day = ad_totals.date_day
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
        completed.ad_set_id,
        completed.campaign_id,
        completed.account_id,
        ad_accounts.account_name,
        completed.ad_name,
        completed.ad_set_name,
        completed.campaign_name,
        completed.currency_code,
        completed.account_timezone,
        completed.reporting_level,
        completed.spend,
        completed.impressions,
        completed.link_clicks,
        completed.reach,
        completed.purchases,
        completed.purchase_value,
        completed.video_views,
        completed.video_thruplays,
        completed.date_day
    from completed
    left join ad_accounts
        on completed.account_id = ad_accounts.account_id
)

select * from final
