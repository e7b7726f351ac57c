-- One row per ad campaign (any platform) that has delivered or exists in the entity snapshot:
-- who owns it (media buyer) and what it sells (category = product group), when it launched, and
-- its current daily budget in THB. Owner and category come from the reconciled campaign reports
-- when they name the campaign (the buyer dashboard's own assignment, latest report day wins),
-- else from the account's owner in config/accounts.yml (var account_owners) and the campaign
-- name convention "<country> | <product group> | <mode> | <name>".
with

campaign_days as (
    select
        platform,
        account_id,
        campaign_id,
        campaign_name,
        spend,
        date_day
    from {{ ref('campaign_performance') }}
),

campaigns as (
    select
        platform,
        account_id,
        campaign_id,
        campaign_name,
        status,
        currency_code,
        daily_budget
    from {{ ref('dim_campaigns') }}
),

reconciled as (
    select
        campaign_id,
        owner,
        category,
        date_day,
        source_file_line
    from {{ ref('stg_files__reconciled_campaign_reports') }}
),

latest_fx as (
    select
        currency_code,
        rate_to_thb
    from {{ ref('int_fx_rates__as_of') }}
    where valid_until_date = cast('9999-12-31' as date)
),

delivery as (
    select
        platform,
        account_id,
        campaign_id,
        max(campaign_name) as campaign_name,
        min(case when spend > 0 then date_day end) as launch_date,
        max(case when spend > 0 then date_day end) as last_spend_date
    from campaign_days
    group by
        platform,
        account_id,
        campaign_id
),

-- campaigns from the facts and from the entity snapshot (a new campaign has not delivered yet)
campaign_keys as (
    select platform, account_id, campaign_id from delivery
    union distinct
    select platform, account_id, campaign_id from campaigns
),

latest_assignment as (
    select
        campaign_id,
        owner,
        category,
        row_number() over (
            partition by campaign_id
            order by date_day desc, source_file_line desc
        ) as recency
    from reconciled
),

joined as (
    select
        campaign_keys.platform,
        campaign_keys.account_id,
        campaign_keys.campaign_id,
        coalesce(campaigns.campaign_name, delivery.campaign_name) as campaign_name,
        campaigns.status,
        campaigns.currency_code,
        campaigns.daily_budget,
        latest_fx.rate_to_thb,
        latest_assignment.owner as reported_owner,
        latest_assignment.category as reported_category,
        {{ account_owner('campaign_keys.account_id') }} as account_owner,
        delivery.launch_date,
        delivery.last_spend_date
    from campaign_keys
    left join campaigns
        on
            campaign_keys.platform = campaigns.platform
            and campaign_keys.campaign_id = campaigns.campaign_id
    left join delivery
        on
            campaign_keys.platform = delivery.platform
            and campaign_keys.campaign_id = delivery.campaign_id
    left join latest_assignment
        on
            campaign_keys.campaign_id = latest_assignment.campaign_id
            and latest_assignment.recency = 1
    left join latest_fx
        on campaigns.currency_code = latest_fx.currency_code
),

final as (
    select
        {{ surrogate_key(['platform', 'campaign_id']) }} as campaign_key,
        cast(platform as string) as platform,
        cast(account_id as string) as account_id,
        cast(campaign_id as string) as campaign_id,
        cast(campaign_name as string) as campaign_name,
        cast(coalesce(reported_owner, account_owner, 'unassigned') as string) as owner,
        cast(
            case
                when reported_owner is not null then 'reconciled_report'
                when account_owner is not null then 'account_config'
                else 'none'
            end as string
        ) as owner_source,
        cast(
            coalesce(reported_category, {{ campaign_name_product_group('campaign_name') }}, 'unassigned')
            as string
        ) as category,
        cast(
            case
                when reported_category is not null then 'reconciled_report'
                when {{ campaign_name_product_group('campaign_name') }} is not null then 'campaign_name'
                else 'none'
            end as string
        ) as category_source,
        cast(status as string) as status,
        cast(currency_code as string) as currency_code,
        cast(daily_budget as decimal(38, 9)) as daily_budget,
        cast(daily_budget * rate_to_thb as decimal(38, 9)) as daily_budget_thb,
        coalesce(status = 'ACTIVE', false) as is_active,
        launch_date,
        last_spend_date
    from joined
)

select * from final
