-- Budgets are the current entity snapshot (raw entities are merged, not historized): the budget
-- a campaign has now, not the one it had on a past day.
with

meta_campaigns as (
    select
        campaign_id,
        account_id,
        campaign_name,
        objective,
        status,
        effective_status,
        currency_code,
        daily_budget,
        lifetime_budget,
        has_campaign_budget
    from {{ ref('stg_meta__campaigns') }}
),

meta_ad_sets as (
    select
        campaign_id,
        status,
        daily_budget,
        lifetime_budget
    from {{ ref('stg_meta__ad_sets') }}
),

-- Without CBO the campaign's daily budget is what its switched-on ad sets may spend per day.
meta_ad_set_budgets as (
    select
        campaign_id,
        sum(daily_budget) as daily_budget,
        count(*) as budgeted_ad_sets
    from meta_ad_sets
    where status = 'ACTIVE' and (daily_budget is not null or lifetime_budget is not null)
    group by campaign_id
),

meta as (
    select
        meta_campaigns.campaign_id,
        meta_campaigns.account_id,
        'meta' as platform,
        meta_campaigns.campaign_name,
        meta_campaigns.objective,
        meta_campaigns.status,
        meta_campaigns.effective_status,
        case
            when meta_campaigns.has_campaign_budget then 'campaign'
            when meta_ad_set_budgets.budgeted_ad_sets > 0 then 'ad_group'
        end as budget_level,
        meta_campaigns.currency_code,
        case
            when meta_campaigns.has_campaign_budget then meta_campaigns.daily_budget
            else meta_ad_set_budgets.daily_budget
        end as daily_budget,
        meta_campaigns.lifetime_budget
    from meta_campaigns
    left join meta_ad_set_budgets
        on meta_campaigns.campaign_id = meta_ad_set_budgets.campaign_id
),

google_ads_campaigns as (
    select
        campaign_id,
        account_id,
        campaign_name,
        advertising_channel_type,
        status,
        currency_code,
        daily_budget
    from {{ ref('stg_google_ads__campaigns') }}
),

-- Every Google Ads campaign has its own campaign budget (micros → units in staging). Statuses
-- in the cross-platform vocabulary: ENABLED → ACTIVE, REMOVED → DELETED (DECISIONLOG.md).
google_ads as (
    select
        campaign_id,
        account_id,
        'google_ads' as platform,
        campaign_name,
        advertising_channel_type as objective,
        case status when 'ENABLED' then 'ACTIVE' when 'REMOVED' then 'DELETED' else status end
            as status,
        case status when 'ENABLED' then 'ACTIVE' when 'REMOVED' then 'DELETED' else status end
            as effective_status,
        case when daily_budget is not null then 'campaign' end as budget_level,
        currency_code,
        daily_budget,
        cast(null as decimal(38, 9)) as lifetime_budget
    from google_ads_campaigns
),

tiktok_campaigns as (
    select
        campaign_id,
        account_id,
        campaign_name,
        objective_type,
        status,
        secondary_status,
        currency_code,
        daily_budget,
        lifetime_budget,
        has_campaign_budget
    from {{ ref('stg_tiktok__campaigns') }}
),

tiktok_ad_groups as (
    select
        campaign_id,
        status,
        daily_budget,
        lifetime_budget
    from {{ ref('stg_tiktok__ad_groups') }}
),

-- Without campaign budget optimisation the campaign's daily budget is what its switched-on ad
-- groups may spend per day. TikTok budgets are already currency units.
tiktok_ad_group_budgets as (
    select
        campaign_id,
        sum(daily_budget) as daily_budget,
        count(*) as budgeted_ad_groups
    from tiktok_ad_groups
    where status = 'ACTIVE' and (daily_budget is not null or lifetime_budget is not null)
    group by campaign_id
),

tiktok as (
    select
        tiktok_campaigns.campaign_id,
        tiktok_campaigns.account_id,
        'tiktok' as platform,
        tiktok_campaigns.campaign_name,
        tiktok_campaigns.objective_type as objective,
        tiktok_campaigns.status,
        case tiktok_campaigns.secondary_status
            when 'CAMPAIGN_STATUS_ENABLE' then 'ACTIVE'
            when 'CAMPAIGN_STATUS_DISABLE' then 'PAUSED'
            when 'CAMPAIGN_STATUS_DELETE' then 'DELETED'
            else coalesce(tiktok_campaigns.secondary_status, tiktok_campaigns.status)
        end as effective_status,
        case
            when tiktok_campaigns.has_campaign_budget then 'campaign'
            when tiktok_ad_group_budgets.budgeted_ad_groups > 0 then 'ad_group'
        end as budget_level,
        tiktok_campaigns.currency_code,
        case
            when tiktok_campaigns.has_campaign_budget then tiktok_campaigns.daily_budget
            else tiktok_ad_group_budgets.daily_budget
        end as daily_budget,
        tiktok_campaigns.lifetime_budget
    from tiktok_campaigns
    left join tiktok_ad_group_budgets
        on tiktok_campaigns.campaign_id = tiktok_ad_group_budgets.campaign_id
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
        cast(campaign_id as string) as campaign_id,
        cast(account_id as string) as account_id,
        cast(platform as string) as platform,
        cast(campaign_name as string) as campaign_name,
        cast(objective as string) as objective,
        cast(status as string) as status,
        cast(effective_status as string) as effective_status,
        cast(budget_level as string) as budget_level,
        cast(currency_code as string) as currency_code,
        cast(daily_budget as decimal(38, 9)) as daily_budget,
        cast(lifetime_budget as decimal(38, 9)) as lifetime_budget
    from unioned
)

select * from final
