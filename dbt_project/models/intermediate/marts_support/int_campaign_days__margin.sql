-- One row per ad campaign per account-local day with delivery or a reconciled report row: spend,
-- revenue and margin in THB on the buyer dashboard's basis (docs block `campaign_margin`). The
-- reconciled campaign report is the settled truth where it covers the campaign-day (spend as
-- invoiced, attributed revenue, margin after cost of goods); elsewhere the platform's own
-- numbers with margin estimated as revenue × the product group's gross margin rate − spend.
with

campaign_days as (
    select
        platform,
        account_id,
        campaign_id,
        spend_thb,
        impressions,
        clicks,
        conversions,
        conversion_value_thb,
        date_day
    from {{ ref('campaign_performance') }}
),

reconciled as (
    select
        campaign_id,
        platform,
        account_id,
        currency_code,
        spend,
        revenue,
        margin,
        date_day
    from {{ ref('stg_files__reconciled_campaign_reports') }}
),

campaigns as (
    select
        platform,
        account_id,
        campaign_id,
        owner,
        category
    from {{ ref('int_campaigns__owned') }}
),

products as (
    select
        product_group,
        list_gross_margin_rate
    from {{ ref('dim_products') }}
),

fx_rates as (
    select
        currency_code,
        rate_to_thb,
        valid_from_date,
        valid_until_date
    from {{ ref('int_fx_rates__as_of') }}
),

-- the average list margin of the group's SKUs; the catalogue's average for any other category
group_margins as (
    select
        product_group,
        avg(list_gross_margin_rate) as gross_margin_rate
    from products
    group by product_group
),

catalogue_margin as (
    select avg(list_gross_margin_rate) as gross_margin_rate
    from products
),

-- a report row names its campaign; platform and account only when the report carries them,
-- so the campaign's own (from the facts or the entity snapshot) fill in
reconciled_thb as (
    select
        reconciled.campaign_id,
        coalesce(reconciled.platform, campaigns.platform) as platform,
        coalesce(reconciled.account_id, campaigns.account_id) as account_id,
        reconciled.spend * fx_rates.rate_to_thb as spend_thb,
        reconciled.revenue * fx_rates.rate_to_thb as revenue_thb,
        reconciled.margin * fx_rates.rate_to_thb as margin_thb,
        reconciled.date_day
    from reconciled
    left join campaigns
        on reconciled.campaign_id = campaigns.campaign_id
    left join fx_rates
        on
            reconciled.currency_code = fx_rates.currency_code
            and reconciled.date_day >= fx_rates.valid_from_date
            and reconciled.date_day < fx_rates.valid_until_date
),

day_keys as (
    select platform, account_id, campaign_id, date_day from campaign_days
    union distinct
    select platform, account_id, campaign_id, date_day from reconciled_thb
    where platform is not null and account_id is not null
),

joined as (
    select
        day_keys.platform,
        day_keys.account_id,
        day_keys.campaign_id,
        coalesce(campaigns.owner, 'unassigned') as owner,
        coalesce(campaigns.category, 'unassigned') as category,
        coalesce(group_margins.gross_margin_rate, catalogue_margin.gross_margin_rate)
            as gross_margin_rate,
        coalesce(campaign_days.spend_thb, 0) as platform_spend_thb,
        coalesce(campaign_days.conversion_value_thb, 0) as platform_revenue_thb,
        coalesce(campaign_days.impressions, 0) as impressions,
        coalesce(campaign_days.clicks, 0) as clicks,
        coalesce(campaign_days.conversions, 0) as conversions,
        reconciled_thb.spend_thb as reconciled_spend_thb,
        reconciled_thb.revenue_thb as reconciled_revenue_thb,
        reconciled_thb.margin_thb as reconciled_margin_thb,
        reconciled_thb.campaign_id is not null as has_reconciled_report,
        day_keys.date_day
    from day_keys
    left join campaign_days
        on
            day_keys.platform = campaign_days.platform
            and day_keys.campaign_id = campaign_days.campaign_id
            and day_keys.date_day = campaign_days.date_day
    left join reconciled_thb
        on
            day_keys.campaign_id = reconciled_thb.campaign_id
            and day_keys.platform = reconciled_thb.platform
            and day_keys.date_day = reconciled_thb.date_day
    left join campaigns
        on
            day_keys.platform = campaigns.platform
            and day_keys.campaign_id = campaigns.campaign_id
    left join group_margins
        on campaigns.category = group_margins.product_group
    cross join catalogue_margin
),

final as (
    select
        {{ surrogate_key(['platform', 'campaign_id', 'date_day']) }} as campaign_day_id,
        cast(platform as string) as platform,
        cast(account_id as string) as account_id,
        cast(campaign_id as string) as campaign_id,
        cast(owner as string) as owner,
        cast(category as string) as category,
        cast(case when has_reconciled_report then 'reconciled_report' else 'estimated' end as string)
            as margin_source,
        cast(impressions as bigint) as impressions,
        cast(clicks as bigint) as clicks,
        cast(conversions as decimal(38, 9)) as conversions,
        cast(platform_spend_thb as decimal(38, 9)) as platform_spend_thb,
        cast(platform_revenue_thb as decimal(38, 9)) as platform_revenue_thb,
        cast(gross_margin_rate as decimal(38, 9)) as gross_margin_rate,
        cast(
            case when has_reconciled_report then reconciled_spend_thb else platform_spend_thb end
            as decimal(38, 9)
        ) as spend_thb,
        cast(
            case when has_reconciled_report then reconciled_revenue_thb else platform_revenue_thb end
            as decimal(38, 9)
        ) as revenue_thb,
        cast(
            case
                when has_reconciled_report then reconciled_margin_thb
                else platform_revenue_thb * gross_margin_rate - platform_spend_thb
            end as decimal(38, 9)
        ) as margin_thb,
        has_reconciled_report,
        date_day
    from joined
)

select * from final
