{{ assert_reporting_currency_is_thb() }}
{{ config(**window_incremental_config('buyer_performance_id', ['owner'])) }}

-- The buyer dashboard: each media buyer's campaigns per account-local day on the settled basis
-- (docs block `campaign_margin`: reconciled reports where they cover the campaign-day, else the
-- platform's revenue × the products' gross margin rate − spend), with the day's best campaigns
-- and the scale_up alerts raised for them. Incremental by partition window (DECISIONLOG 22): a
-- day is its own campaign-days and alerts.
with

campaign_days as (
    select
        platform,
        campaign_id,
        owner,
        spend_thb,
        revenue_thb,
        margin_thb,
        has_reconciled_report,
        date_day
    from {{ ref('int_campaign_days__margin') }}
    where {{ date_window_filter('date_day') }}
),

campaigns as (
    select
        platform,
        campaign_id,
        campaign_name
    from {{ ref('int_campaigns__owned') }}
),

scale_ups as (
    select
        owner,
        date_day,
        count(distinct campaign_id) as scaling_opportunities,
        sum(potential_margin_gain_thb) as scaling_margin_gain_thb
    from {{ ref('alerts') }}
    where alert_type = 'scale_up' and {{ date_window_filter('date_day') }}
    group by
        owner,
        date_day
),

named as (
    select
        campaign_days.*,
        coalesce(campaigns.campaign_name, campaign_days.campaign_id) as campaign_name
    from campaign_days
    left join campaigns
        on campaign_days.platform = campaigns.platform and campaign_days.campaign_id = campaigns.campaign_id
),

owner_days as (
    select
        owner,
        date_day,
        sum(spend_thb) as spend_thb,
        sum(revenue_thb) as revenue_thb,
        sum(margin_thb) as margin_thb,
        sum(case when has_reconciled_report then spend_thb else 0 end) as reconciled_spend_thb,
        count(distinct case when spend_thb > 0 then platform || ':' || campaign_id end) as active_campaigns,
        count(
            distinct case when spend_thb > 0 and margin_thb > 0 then platform || ':' || campaign_id end
        ) as positive_margin_campaigns,
        {{ dbt.listagg('campaign_name', "', '", 'order by margin_thb desc, campaign_name', 3) }}
            as top_campaigns
    from named
    group by
        owner,
        date_day
),

final as (
    select
        {{ surrogate_key(['owner_days.owner', 'owner_days.date_day']) }} as buyer_performance_id,
        cast(owner_days.owner as string) as owner,
        cast(owner_days.top_campaigns as string) as top_campaigns,
        cast(owner_days.spend_thb as decimal(38, 9)) as spend_thb,
        cast(owner_days.revenue_thb as decimal(38, 9)) as revenue_thb,
        cast(owner_days.margin_thb as decimal(38, 9)) as margin_thb,
        cast({{ safe_divide('owner_days.margin_thb', 'owner_days.revenue_thb') }} as decimal(38, 9))
            as margin_rate,
        cast({{ safe_divide('owner_days.revenue_thb', 'owner_days.spend_thb') }} as decimal(38, 9))
            as roas,
        cast({{ safe_divide('owner_days.reconciled_spend_thb', 'owner_days.spend_thb') }} as decimal(38, 9))
            as reconciled_spend_share,
        cast(owner_days.active_campaigns as bigint) as active_campaigns,
        cast(owner_days.positive_margin_campaigns as bigint) as positive_margin_campaigns,
        cast(coalesce(scale_ups.scaling_opportunities, 0) as bigint) as scaling_opportunities,
        cast(coalesce(scale_ups.scaling_margin_gain_thb, 0) as decimal(38, 9))
            as scaling_margin_gain_thb,
        owner_days.date_day
    from owner_days
    left join scale_ups
        on owner_days.owner = scale_ups.owner and owner_days.date_day = scale_ups.date_day
)

select * from final
