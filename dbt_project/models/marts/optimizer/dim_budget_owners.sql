{{ config(contract={'enforced': true}) }}

-- A budget owner is the object that holds a daily budget: a Meta campaign with campaign budget
-- optimization (CBO) or an ad set of a campaign without it. TikTok (ad group, or campaign with
-- budget optimization; currency units) and Google Ads (campaign budget; micros) add one CTE each
-- with the same columns as `meta` and a `union all` branch in `unioned`.
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

unioned as (
    select * from meta
),

-- Naming convention "<country> | <product group> | <mode> | <name>": the product group is the
-- second `|`-separated part of the campaign name, lowercased (DECISIONLOG "Optimizer: budget
-- owners and their product group").
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
            and with_product_group.active_ads > 0
            as boolean
        ) as is_delivering,
        cast(with_product_group.loaded_at as timestamp) as snapshot_at
    from with_product_group
    left join fx_rates
        on with_product_group.currency_code = fx_rates.currency_code
)

select * from final
