{{ assert_reporting_currency_is_thb() }}
{{ config(**window_incremental_config('cross_channel_attribution_id', ['platform', 'account_id'])) }}

-- Each ad campaign's day on three bases side by side (docs block `cross_channel_attribution`):
-- what the platform claims (its own conversions), what GA4 measured on the website from the
-- sessions the campaign's UTM tags brought (utm_campaign = the campaign's name, the platform
-- from utm_source), and what the brand's reconciled campaign report attributes to it (the only
-- place marketplace sales are matched to campaigns).
with

campaign_days as (
    select
        platform,
        account_id,
        campaign_id,
        campaign_name,
        currency_code,
        spend,
        spend_thb,
        impressions,
        clicks,
        conversions,
        conversion_value_thb,
        date_day
    from {{ ref('campaign_performance') }}
    where {{ date_window_filter('date_day') }}
),

sessions as (
    select
        source,
        medium,
        campaign,
        transactions,
        purchase_revenue_thb,
        is_engaged,
        session_date
    from {{ ref('int_ga4__sessions') }}
    where {{ date_window_filter('session_date') }}
),

campaign_margins as (
    select
        platform,
        campaign_id,
        revenue_thb,
        has_reconciled_report,
        date_day
    from {{ ref('int_campaign_days__margin') }}
    where {{ date_window_filter('date_day') }}
),

ga4_campaign_days as (
    select
        {{ ga4_ad_platform('source', 'medium') }} as platform,
        lower(trim(campaign)) as campaign_key,
        session_date as date_day,
        count(*) as sessions,
        count(case when is_engaged then 1 end) as engaged_sessions,
        sum(transactions) as transactions,
        sum(purchase_revenue_thb) as purchase_revenue_thb
    from sessions
    where {{ ga4_ad_platform('source', 'medium') }} is not null
    group by
        {{ ga4_ad_platform('source', 'medium') }},
        lower(trim(campaign)),
        session_date
),

-- a name shared by two campaigns of one platform on one day cannot say whose sessions they are
named_campaign_days as (
    select
        *,
        lower(trim(campaign_name)) as campaign_key,
        count(*) over (
            partition by platform, lower(trim(campaign_name)), date_day
        ) as campaigns_with_name
    from campaign_days
),

joined as (
    select
        named_campaign_days.*,
        named_campaign_days.campaigns_with_name > 1 as is_name_ambiguous,
        case when named_campaign_days.campaigns_with_name = 1 then ga4_campaign_days.sessions end
            as ga4_sessions,
        case when named_campaign_days.campaigns_with_name = 1 then ga4_campaign_days.engaged_sessions end
            as ga4_engaged_sessions,
        case when named_campaign_days.campaigns_with_name = 1 then ga4_campaign_days.transactions end
            as ga4_transactions,
        case when named_campaign_days.campaigns_with_name = 1 then ga4_campaign_days.purchase_revenue_thb end
            as ga4_revenue_thb,
        case when campaign_margins.has_reconciled_report then campaign_margins.revenue_thb end
            as reconciled_revenue_thb
    from named_campaign_days
    left join ga4_campaign_days
        on
            named_campaign_days.platform = ga4_campaign_days.platform
            and named_campaign_days.campaign_key = ga4_campaign_days.campaign_key
            and named_campaign_days.date_day = ga4_campaign_days.date_day
    left join campaign_margins
        on
            named_campaign_days.platform = campaign_margins.platform
            and named_campaign_days.campaign_id = campaign_margins.campaign_id
            and named_campaign_days.date_day = campaign_margins.date_day
),

final as (
    select
        {{ surrogate_key(['platform', 'account_id', 'campaign_id', 'date_day']) }}
            as cross_channel_attribution_id,
        cast(account_id as string) as account_id,
        cast(campaign_id as string) as campaign_id,
        cast(platform as string) as platform,
        cast(campaign_name as string) as campaign_name,
        cast(currency_code as string) as currency_code,
        cast(spend as decimal(38, 9)) as spend,
        cast(spend_thb as decimal(38, 9)) as spend_thb,
        cast(impressions as bigint) as impressions,
        cast(clicks as bigint) as clicks,
        cast(conversions as decimal(38, 9)) as platform_conversions,
        cast(conversion_value_thb as decimal(38, 9)) as platform_conversion_value_thb,
        cast({{ safe_divide('conversion_value_thb', 'spend_thb') }} as decimal(38, 9)) as platform_roas,
        cast({{ safe_divide('spend_thb', 'conversions') }} as decimal(38, 9)) as platform_cpa_thb,
        cast(coalesce(ga4_sessions, 0) as bigint) as ga4_sessions,
        cast(coalesce(ga4_engaged_sessions, 0) as bigint) as ga4_engaged_sessions,
        cast(coalesce(ga4_transactions, 0) as bigint) as ga4_transactions,
        cast(coalesce(ga4_revenue_thb, 0) as decimal(38, 9)) as ga4_revenue_thb,
        cast({{ safe_divide('coalesce(ga4_sessions, 0)', 'clicks') }} as decimal(38, 9))
            as ga4_sessions_per_click,
        cast({{ safe_divide('coalesce(ga4_revenue_thb, 0)', 'spend_thb') }} as decimal(38, 9))
            as ga4_roas,
        cast({{ safe_divide('spend_thb', 'ga4_transactions') }} as decimal(38, 9)) as ga4_cpa_thb,
        cast(reconciled_revenue_thb as decimal(38, 9)) as reconciled_revenue_thb,
        cast({{ safe_divide('reconciled_revenue_thb', 'spend_thb') }} as decimal(38, 9))
            as reconciled_roas,
        coalesce(ga4_sessions, 0) > 0 as has_ga4_match,
        reconciled_revenue_thb is not null as has_reconciled_report,
        is_name_ambiguous,
        date_day
    from joined
)

-- stored by platform, then day, on DuckDB: a dashboard's read (a date range, often one platform)
-- then touches only its own rows' row groups and vectors (macros/cross_db/storage_order.sql)
select * from final
{{ storage_order(['platform', 'date_day']) }}
