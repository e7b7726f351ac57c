{{ assert_reporting_currency_is_thb() }}
{{
    config(
        partition_by=day_partitioning('date_day'),
        cluster_by=['property_id'],
        contract={'enforced': true},
    )
}}

-- The website analytics page: each GA4 property's sessions per property-local day (the day the
-- session started), engagement, e-commerce and the device split. GA4 records consenting
-- visitors only (DECISIONLOG 13): these are measured sessions, not all visits.
with

sessions as (
    select
        property_id,
        user_pseudo_id,
        currency_code,
        device_category,
        ga_session_number,
        page_views,
        engagement_time_msec,
        transactions,
        purchase_revenue,
        purchase_revenue_thb,
        is_engaged,
        is_bounced,
        has_purchase,
        session_date
    from {{ ref('int_ga4__sessions') }}
),

property_days as (
    select
        property_id,
        session_date as date_day,
        max(currency_code) as currency_code,
        count(*) as sessions,
        count(distinct user_pseudo_id) as users,
        count(distinct case when ga_session_number = 1 then user_pseudo_id end) as new_users,
        count(case when is_engaged then 1 end) as engaged_sessions,
        count(case when is_bounced then 1 end) as bounced_sessions,
        count(case when has_purchase then 1 end) as purchasing_sessions,
        sum(page_views) as page_views,
        sum(engagement_time_msec) as engagement_time_msec,
        sum(transactions) as transactions,
        sum(purchase_revenue) as purchase_revenue,
        sum(purchase_revenue_thb) as purchase_revenue_thb,
        count(case when lower(device_category) = 'mobile' then 1 end) as mobile_sessions,
        count(case when lower(device_category) = 'desktop' then 1 end) as desktop_sessions,
        count(case when lower(device_category) = 'tablet' then 1 end) as tablet_sessions
    from sessions
    group by
        property_id,
        session_date
),

final as (
    select
        {{ surrogate_key(['property_id', 'date_day']) }} as website_analytics_id,
        cast(property_id as string) as property_id,
        cast(currency_code as string) as currency_code,
        cast(sessions as bigint) as sessions,
        cast(users as bigint) as users,
        cast(new_users as bigint) as new_users,
        cast(engaged_sessions as bigint) as engaged_sessions,
        cast({{ safe_divide('engaged_sessions', 'sessions') }} as decimal(38, 9)) as engagement_rate,
        cast({{ safe_divide('bounced_sessions', 'sessions') }} as decimal(38, 9)) as bounce_rate,
        cast(page_views as bigint) as page_views,
        cast({{ safe_divide('page_views', 'sessions') }} as decimal(38, 9)) as pages_per_session,
        cast(
            {{ safe_divide('engagement_time_msec / 1000.0', 'engaged_sessions') }} as decimal(38, 9)
        ) as avg_engagement_time_s,
        cast(transactions as bigint) as transactions,
        cast(purchasing_sessions as bigint) as purchasing_sessions,
        cast({{ safe_divide('purchasing_sessions', 'sessions') }} as decimal(38, 9))
            as conversion_rate,
        cast(purchase_revenue as decimal(38, 9)) as purchase_revenue,
        cast(purchase_revenue_thb as decimal(38, 9)) as purchase_revenue_thb,
        cast({{ safe_divide('purchase_revenue_thb', 'transactions') }} as decimal(38, 9))
            as aov_thb,
        cast(mobile_sessions as bigint) as mobile_sessions,
        cast(desktop_sessions as bigint) as desktop_sessions,
        cast(tablet_sessions as bigint) as tablet_sessions,
        date_day
    from property_days
)

select * from final
