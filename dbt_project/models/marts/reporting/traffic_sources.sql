{{ assert_reporting_currency_is_thb() }}
{{
    config(
        partition_by=day_partitioning('date_day'),
        cluster_by=['property_id', 'channel_group'],
        contract={'enforced': true},
    )
}}

-- Where the website's sessions came from: one row per GA4 property, property-local day,
-- default channel group, source and medium, with each row's share of the property's sessions
-- and revenue that day and its channel group's share (docs block `traffic_share`).
with

sessions as (
    select
        property_id,
        user_pseudo_id,
        source,
        medium,
        channel_group,
        transactions,
        purchase_revenue_thb,
        is_engaged,
        has_purchase,
        session_date
    from {{ ref('int_ga4__sessions') }}
),

source_days as (
    select
        property_id,
        channel_group,
        source,
        medium,
        session_date as date_day,
        {{ ga4_ad_platform('source', 'medium') }} as ad_platform,
        count(*) as sessions,
        count(distinct user_pseudo_id) as users,
        count(case when is_engaged then 1 end) as engaged_sessions,
        count(case when has_purchase then 1 end) as purchasing_sessions,
        sum(transactions) as transactions,
        sum(purchase_revenue_thb) as purchase_revenue_thb
    from sessions
    group by
        property_id,
        channel_group,
        source,
        medium,
        session_date
),

with_totals as (
    select
        *,
        sum(sessions) over (partition by property_id, date_day) as property_sessions,
        sum(purchase_revenue_thb) over (partition by property_id, date_day) as property_revenue_thb,
        sum(sessions) over (partition by property_id, date_day, channel_group) as channel_sessions
    from source_days
),

final as (
    select
        {{ surrogate_key(['property_id', 'date_day', 'channel_group', 'source', 'medium']) }}
            as traffic_source_id,
        cast(property_id as string) as property_id,
        cast(channel_group as string) as channel_group,
        cast(source as string) as source,
        cast(medium as string) as medium,
        cast(ad_platform as string) as ad_platform,
        cast(sessions as bigint) as sessions,
        cast(users as bigint) as users,
        cast(engaged_sessions as bigint) as engaged_sessions,
        cast({{ safe_divide('engaged_sessions', 'sessions') }} as decimal(38, 9)) as engagement_rate,
        cast(transactions as bigint) as transactions,
        cast({{ safe_divide('purchasing_sessions', 'sessions') }} as decimal(38, 9))
            as conversion_rate,
        cast(purchase_revenue_thb as decimal(38, 9)) as purchase_revenue_thb,
        cast({{ safe_divide('sessions', 'property_sessions') }} as decimal(38, 9)) as session_share,
        cast({{ safe_divide('purchase_revenue_thb', 'property_revenue_thb') }} as decimal(38, 9))
            as revenue_share,
        cast({{ safe_divide('channel_sessions', 'property_sessions') }} as decimal(38, 9))
            as channel_session_share,
        cast(channel_sessions as bigint) as channel_sessions,
        date_day
    from with_totals
)

select * from final
