{{ config(contract={'enforced': true}) }}

-- A budget owner is the object that holds a daily budget (docs block `budget_owner`, DECISIONLOG
-- 17): a Meta campaign with campaign budget optimization (CBO) or else each ad set of the
-- campaign (minor units); a TikTok campaign with a daily budget or else each ad group with one
-- (currency units); a Google Ads campaign budget (micros). Each platform maps its owners onto the
-- same columns in one CTE and one `union all` branch in `unioned`.
with

meta_campaigns as (
    select
        campaign_id,
        account_id,
        campaign_name,
        status,
        currency_code,
        account_timezone,
        daily_budget,
        daily_budget_minor,
        has_campaign_budget,
        loaded_at
    from {{ ref('stg_meta__campaigns') }}
),

meta_ad_sets as (
    select
        ad_set_id,
        campaign_id,
        account_id,
        ad_set_name,
        status,
        currency_code,
        account_timezone,
        daily_budget,
        daily_budget_minor,
        loaded_at
    from {{ ref('stg_meta__ad_sets') }}
),

meta_ads as (
    select
        ad_set_id,
        campaign_id,
        status
    from {{ ref('stg_meta__ads') }}
),

fx_rates as (
    select
        currency_code,
        rate_to_thb
    from {{ ref('int_fx_rates__as_of') }}
    where valid_until_date = cast('9999-12-31' as date)
),

-- ads that can deliver: the ad and its ad set switched on (the campaign's status is judged below)
meta_active_ads as (
    select
        meta_ads.ad_set_id,
        meta_ads.campaign_id
    from meta_ads
    inner join meta_ad_sets
        on meta_ads.ad_set_id = meta_ad_sets.ad_set_id
    where meta_ads.status = 'ACTIVE' and meta_ad_sets.status = 'ACTIVE'
),

meta_active_ads_by_ad_set as (
    select
        ad_set_id,
        count(*) as active_ads
    from meta_active_ads
    group by ad_set_id
),

meta_active_ads_by_campaign as (
    select
        campaign_id,
        count(*) as active_ads
    from meta_active_ads
    group by campaign_id
),

meta_campaign_owners as (
    select
        meta_campaigns.campaign_id as object_id,
        meta_campaigns.account_id,
        meta_campaigns.campaign_id,
        'meta' as platform,
        'campaign' as object_level,
        meta_campaigns.campaign_name as budget_owner_name,
        meta_campaigns.campaign_name,
        meta_campaigns.status,
        meta_campaigns.status as campaign_status,
        meta_campaigns.currency_code,
        meta_campaigns.account_timezone,
        'minor' as budget_unit,
        meta_campaigns.daily_budget_minor as daily_budget_native,
        meta_campaigns.daily_budget,
        coalesce(meta_active_ads_by_campaign.active_ads, 0) as active_ads,
        false as delivers_without_ads,
        meta_campaigns.loaded_at
    from meta_campaigns
    left join meta_active_ads_by_campaign
        on meta_campaigns.campaign_id = meta_active_ads_by_campaign.campaign_id
    where meta_campaigns.has_campaign_budget and meta_campaigns.daily_budget_minor > 0
),

meta_ad_set_owners as (
    select
        meta_ad_sets.ad_set_id as object_id,
        meta_ad_sets.account_id,
        meta_ad_sets.campaign_id,
        'meta' as platform,
        'ad_group' as object_level,
        meta_ad_sets.ad_set_name as budget_owner_name,
        meta_campaigns.campaign_name,
        meta_ad_sets.status,
        meta_campaigns.status as campaign_status,
        meta_ad_sets.currency_code,
        meta_ad_sets.account_timezone,
        'minor' as budget_unit,
        meta_ad_sets.daily_budget_minor as daily_budget_native,
        meta_ad_sets.daily_budget,
        coalesce(meta_active_ads_by_ad_set.active_ads, 0) as active_ads,
        false as delivers_without_ads,
        meta_ad_sets.loaded_at
    from meta_ad_sets
    inner join meta_campaigns
        on meta_ad_sets.campaign_id = meta_campaigns.campaign_id
    left join meta_active_ads_by_ad_set
        on meta_ad_sets.ad_set_id = meta_active_ads_by_ad_set.ad_set_id
    where not meta_campaigns.has_campaign_budget and meta_ad_sets.daily_budget_minor > 0
),

meta as (
    select * from meta_campaign_owners
    union all
    select * from meta_ad_set_owners
),

tiktok_campaigns as (
    select
        campaign_id,
        account_id,
        campaign_name,
        status,
        currency_code,
        account_timezone,
        daily_budget,
        loaded_at
    from {{ ref('stg_tiktok__campaigns') }}
),

tiktok_ad_groups as (
    select
        ad_group_id,
        campaign_id,
        account_id,
        ad_group_name,
        status,
        currency_code,
        account_timezone,
        daily_budget,
        loaded_at
    from {{ ref('stg_tiktok__ad_groups') }}
),

tiktok_ads as (
    select
        ad_group_id,
        campaign_id,
        status
    from {{ ref('stg_tiktok__ads') }}
),

tiktok_active_ads as (
    select
        tiktok_ads.ad_group_id,
        tiktok_ads.campaign_id
    from tiktok_ads
    inner join tiktok_ad_groups
        on tiktok_ads.ad_group_id = tiktok_ad_groups.ad_group_id
    where tiktok_ads.status = 'ACTIVE' and tiktok_ad_groups.status = 'ACTIVE'
),

tiktok_active_ads_by_ad_group as (
    select
        ad_group_id,
        count(*) as active_ads
    from tiktok_active_ads
    group by ad_group_id
),

tiktok_active_ads_by_campaign as (
    select
        campaign_id,
        count(*) as active_ads
    from tiktok_active_ads
    group by campaign_id
),

-- TikTok: a campaign with a daily budget (budget_mode BUDGET_MODE_DAY; campaign budget
-- optimization) holds it, and its ad groups take none; otherwise each ad group with a daily
-- budget holds its own. Lifetime budgets (BUDGET_MODE_TOTAL) are not daily budgets: a campaign
-- with one is no owner, its ad groups' daily budgets are. Budgets are currency units.
tiktok_campaign_owners as (
    select
        tiktok_campaigns.campaign_id as object_id,
        tiktok_campaigns.account_id,
        tiktok_campaigns.campaign_id,
        'tiktok' as platform,
        'campaign' as object_level,
        tiktok_campaigns.campaign_name as budget_owner_name,
        tiktok_campaigns.campaign_name,
        tiktok_campaigns.status,
        tiktok_campaigns.status as campaign_status,
        tiktok_campaigns.currency_code,
        tiktok_campaigns.account_timezone,
        'units' as budget_unit,
        tiktok_campaigns.daily_budget as daily_budget_native,
        tiktok_campaigns.daily_budget,
        coalesce(tiktok_active_ads_by_campaign.active_ads, 0) as active_ads,
        false as delivers_without_ads,
        tiktok_campaigns.loaded_at
    from tiktok_campaigns
    left join tiktok_active_ads_by_campaign
        on tiktok_campaigns.campaign_id = tiktok_active_ads_by_campaign.campaign_id
    where tiktok_campaigns.daily_budget > 0
),

tiktok_ad_group_owners as (
    select
        tiktok_ad_groups.ad_group_id as object_id,
        tiktok_ad_groups.account_id,
        tiktok_ad_groups.campaign_id,
        'tiktok' as platform,
        'ad_group' as object_level,
        tiktok_ad_groups.ad_group_name as budget_owner_name,
        tiktok_campaigns.campaign_name,
        tiktok_ad_groups.status,
        tiktok_campaigns.status as campaign_status,
        tiktok_ad_groups.currency_code,
        tiktok_ad_groups.account_timezone,
        'units' as budget_unit,
        tiktok_ad_groups.daily_budget as daily_budget_native,
        tiktok_ad_groups.daily_budget,
        coalesce(tiktok_active_ads_by_ad_group.active_ads, 0) as active_ads,
        false as delivers_without_ads,
        tiktok_ad_groups.loaded_at
    from tiktok_ad_groups
    inner join tiktok_campaigns
        on tiktok_ad_groups.campaign_id = tiktok_campaigns.campaign_id
    left join tiktok_active_ads_by_ad_group
        on tiktok_ad_groups.ad_group_id = tiktok_active_ads_by_ad_group.ad_group_id
    where coalesce(tiktok_campaigns.daily_budget, 0) = 0 and tiktok_ad_groups.daily_budget > 0
),

tiktok as (
    select * from tiktok_campaign_owners
    union all
    select * from tiktok_ad_group_owners
),

google_campaigns as (
    select
        campaign_id,
        account_id,
        campaign_budget_id,
        campaign_name,
        status,
        currency_code,
        account_timezone,
        daily_budget,
        daily_budget_micros,
        is_performance_max,
        loaded_at
    from {{ ref('stg_google_ads__campaigns') }}
    where campaign_budget_id is not null and status != 'REMOVED'
),

google_ad_groups as (
    select
        ad_group_id,
        status
    from {{ ref('stg_google_ads__ad_groups') }}
),

google_ads as (
    select
        ad_group_id,
        campaign_id,
        status
    from {{ ref('stg_google_ads__ads') }}
),

google_active_ads_by_campaign as (
    select
        google_ads.campaign_id,
        count(*) as active_ads
    from google_ads
    inner join google_ad_groups
        on google_ads.ad_group_id = google_ad_groups.ad_group_id
    where google_ads.status = 'ENABLED' and google_ad_groups.status = 'ENABLED'
    group by google_ads.campaign_id
),

-- Google Ads: the campaign budget holds the daily amount (micros); a budget shared by several
-- campaigns is one owner (its campaign_id and name are those of its lowest campaign id), ACTIVE
-- while any of its campaigns is ENABLED. Performance Max campaigns run asset groups, not ads:
-- they deliver without active ads.
google_budgets as (
    select
        google_campaigns.campaign_budget_id,
        google_campaigns.account_id,
        min(google_campaigns.campaign_id) as campaign_id,
        max(case when google_campaigns.status = 'ENABLED' then 1 else 0 end) as has_enabled_campaign,
        max(
            case
                when google_campaigns.status = 'ENABLED' and google_campaigns.is_performance_max
                    then 1
                else 0
            end
        ) as has_enabled_performance_max,
        sum(
            case
                when google_campaigns.status = 'ENABLED'
                    then coalesce(google_active_ads_by_campaign.active_ads, 0)
                else 0
            end
        ) as active_ads,
        max(google_campaigns.daily_budget) as daily_budget,
        max(google_campaigns.daily_budget_micros) as daily_budget_micros,
        max(google_campaigns.loaded_at) as loaded_at
    from google_campaigns
    left join google_active_ads_by_campaign
        on google_campaigns.campaign_id = google_active_ads_by_campaign.campaign_id
    group by google_campaigns.campaign_budget_id, google_campaigns.account_id
),

google_budget_owners as (
    select
        google_budgets.campaign_budget_id as object_id,
        google_budgets.account_id,
        google_budgets.campaign_id,
        'google_ads' as platform,
        'campaign_budget' as object_level,
        google_campaigns.campaign_name as budget_owner_name,
        google_campaigns.campaign_name,
        case when google_budgets.has_enabled_campaign = 1 then 'ACTIVE' else 'PAUSED' end as status,
        case when google_budgets.has_enabled_campaign = 1 then 'ACTIVE' else 'PAUSED' end
            as campaign_status,
        google_campaigns.currency_code,
        google_campaigns.account_timezone,
        'micros' as budget_unit,
        google_budgets.daily_budget_micros as daily_budget_native,
        google_budgets.daily_budget,
        google_budgets.active_ads,
        google_budgets.has_enabled_performance_max = 1 as delivers_without_ads,
        google_budgets.loaded_at
    from google_budgets
    inner join google_campaigns
        on google_budgets.campaign_id = google_campaigns.campaign_id
    where google_budgets.daily_budget_micros > 0
),

unioned as (
    select * from meta
    union all
    select * from tiktok
    union all
    select * from google_budget_owners
),

-- Naming convention "<country> | <product group> | <mode> | <name>": the product group is the
-- second `|`-separated part of the campaign name, lowercased (DECISIONLOG 17).
with_product_group as (
    select
        *,
        case
            when strpos(campaign_name, '|') > 0
                then substr(campaign_name, strpos(campaign_name, '|') + 1)
        end as after_country
    from unioned
),

final as (
    select
        {{ surrogate_key(['with_product_group.platform', 'with_product_group.object_id']) }}
            as budget_owner_id,
        cast(with_product_group.object_id as string) as object_id,
        cast(with_product_group.account_id as string) as account_id,
        cast(with_product_group.campaign_id as string) as campaign_id,
        cast(with_product_group.platform as string) as platform,
        cast(with_product_group.object_level as string) as object_level,
        cast(with_product_group.budget_owner_name as string) as budget_owner_name,
        cast(with_product_group.campaign_name as string) as campaign_name,
        cast(
            case
                when strpos(with_product_group.after_country, '|') > 0
                    then lower(trim(substr(
                        with_product_group.after_country,
                        1,
                        strpos(with_product_group.after_country, '|') - 1
                    )))
            end as string
        ) as product_group,
        cast(with_product_group.status as string) as status,
        cast(with_product_group.campaign_status as string) as campaign_status,
        cast(with_product_group.currency_code as string) as currency_code,
        cast(with_product_group.account_timezone as string) as account_timezone,
        cast(with_product_group.budget_unit as string) as budget_unit,
        cast(with_product_group.daily_budget_native as decimal(38, 9)) as daily_budget_native,
        cast(with_product_group.daily_budget as decimal(38, 9)) as daily_budget,
        cast(fx_rates.rate_to_thb as decimal(38, 9)) as fx_rate_to_thb,
        cast(with_product_group.daily_budget * fx_rates.rate_to_thb as decimal(38, 9)) as daily_budget_thb,
        cast(with_product_group.active_ads as bigint) as active_ads,
        cast(
            with_product_group.status = 'ACTIVE'
            and with_product_group.campaign_status = 'ACTIVE'
            and (with_product_group.active_ads > 0 or with_product_group.delivers_without_ads)
            as boolean
        ) as is_delivering,
        cast(with_product_group.loaded_at as timestamp) as snapshot_at
    from with_product_group
    left join fx_rates
        on with_product_group.currency_code = fx_rates.currency_code
)

select * from final
