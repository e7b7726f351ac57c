{{ config(**window_incremental_config('budget_owner_day_id', ['platform', 'account_id'])) }}

{#-
    Gross margin rates per product group from var `product_margins` (= config/budget.yml through
    the orchestration; defaults in dbt_project.yml).
-#}
{%- set margins = var('product_margins') -%}

-- Ads map onto today's budget owners: rows of a campaign that holds the budget (Meta CBO,
-- TikTok campaign budget; including campaign remainder rows) belong to the campaign, rows of an
-- ad set / ad group with its own budget to it, and rows of a Google Ads campaign (ad rows and
-- campaign-level rows alike) to the campaign budget it spends. Rows of a campaign without a
-- campaign budget that have no ad set (remainders) have no owner and are left out.
with

ad_performance as (
    select
        platform,
        account_id,
        campaign_id,
        ad_group_id,
        spend,
        spend_thb,
        impressions,
        clicks,
        reach,
        conversions,
        conversion_value,
        conversion_value_thb,
        date_day
    from {{ ref('fct_ad_performance_daily') }}
    where {{ date_window_filter('date_day') }}
),

owners as (
    select
        budget_owner_id,
        object_id,
        account_id,
        platform,
        object_level,
        product_group,
        currency_code
    from {{ ref('dim_budget_owners') }}
),

google_campaign_budgets as (
    select
        campaign_id,
        campaign_budget_id
    from {{ ref('stg_google_ads__campaigns') }}
    where campaign_budget_id is not null
),

product_margins as (
    select
        cast(null as string) as product_group,
        cast({{ margins['default'] }} as decimal(38, 9)) as gross_margin_rate
    {%- for group, rate in margins['groups'].items() %}
        union all
        select
            '{{ group }}' as product_group,
            cast({{ rate }} as decimal(38, 9)) as gross_margin_rate
    {%- endfor %}
),

owned_rows as (
    select
        owners.budget_owner_id,
        ad_performance.*
    from ad_performance
    inner join owners
        on
            ad_performance.platform = owners.platform
            and owners.object_level = 'campaign'
            and ad_performance.campaign_id = owners.object_id
    union all
    select
        owners.budget_owner_id,
        ad_performance.*
    from ad_performance
    inner join owners
        on
            ad_performance.platform = owners.platform
            and owners.object_level = 'ad_group'
            and ad_performance.ad_group_id = owners.object_id
    union all
    select
        owners.budget_owner_id,
        ad_performance.*
    from ad_performance
    inner join google_campaign_budgets
        on ad_performance.campaign_id = google_campaign_budgets.campaign_id
    inner join owners
        on
            ad_performance.platform = owners.platform
            and owners.object_level = 'campaign_budget'
            and google_campaign_budgets.campaign_budget_id = owners.object_id
),

owner_days as (
    select
        budget_owner_id,
        date_day,
        sum(spend) as spend,
        sum(spend_thb) as spend_thb,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(reach) as reach,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        sum(conversion_value_thb) as conversion_value_thb
    from owned_rows
    group by budget_owner_id, date_day
),

default_margin as (
    select gross_margin_rate
    from product_margins
    where product_group is null
),

with_margin_rate as (
    select
        owner_days.*,
        owners.object_id,
        owners.account_id,
        owners.platform,
        owners.object_level,
        owners.product_group,
        owners.currency_code,
        coalesce(group_margin.gross_margin_rate, default_margin.gross_margin_rate)
            as gross_margin_rate
    from owner_days
    inner join owners
        on owner_days.budget_owner_id = owners.budget_owner_id
    left join product_margins as group_margin
        on owners.product_group = group_margin.product_group
    cross join default_margin
),

final as (
    select
        {{ surrogate_key(['budget_owner_id', 'date_day']) }} as budget_owner_day_id,
        cast(budget_owner_id as string) as budget_owner_id,
        cast(object_id as string) as object_id,
        cast(account_id as string) as account_id,
        cast(platform as string) as platform,
        cast(object_level as string) as object_level,
        cast(product_group as string) as product_group,
        cast(currency_code as string) as currency_code,
        cast(spend as decimal(38, 9)) as spend,
        cast(spend_thb as decimal(38, 9)) as spend_thb,
        cast(impressions as bigint) as impressions,
        cast(clicks as bigint) as clicks,
        cast(reach as bigint) as reach,
        cast(conversions as decimal(38, 9)) as conversions,
        cast(conversion_value as decimal(38, 9)) as conversion_value,
        cast(conversion_value_thb as decimal(38, 9)) as conversion_value_thb,
        cast(gross_margin_rate as decimal(38, 9)) as gross_margin_rate,
        cast(conversion_value_thb * gross_margin_rate - spend_thb as decimal(38, 9)) as margin_thb,
        cast({{ safe_divide('clicks', 'impressions') }} as decimal(38, 9)) as ctr,
        cast({{ safe_divide('conversion_value', 'spend') }} as decimal(38, 9)) as roas,
        cast({{ safe_divide('spend', 'conversions') }} as decimal(38, 9)) as cpa,
        cast({{ safe_divide('impressions', 'reach') }} as decimal(38, 9)) as frequency,
        date_day
    from with_margin_rate
)

select * from final
