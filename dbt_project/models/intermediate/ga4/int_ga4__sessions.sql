{{
    config(
        materialized='incremental',
        incremental_strategy=window_incremental_strategy(),
        unique_key='session_id',
        partition_by=day_partitioning('session_date'),
        partitions=ga4_session_partitions(),
        cluster_by=['property_id'],
        pre_hook="{{ ga4_delete_session_window() }}",
        on_schema_change='fail',
    )
}}

-- Sessions of GA4 events: session id = property + user_pseudo_id + ga_session_id. A window run
-- rebuilds every session that starts in [min_date - 1, max_date] from all of its events
-- (macros/ga4/ga4_session_window.sql), so late events and sessions crossing midnight land.
{%- set fallback = ga4_fallback_source('first_gclid', 'landing_referrer_hostname', 'landing_hostname') %}
with

events as (
    select
        event_id,
        session_id,
        property_id,
        user_pseudo_id,
        ga_session_id,
        event_name,
        page_location,
        page_hostname,
        page_referrer_hostname,
        source,
        medium,
        campaign,
        content,
        gclid,
        session_engaged,
        transaction_id,
        currency_code,
        property_currency_code,
        device_category,
        geo_country,
        ga_session_number,
        engagement_time_msec,
        purchase_revenue,
        event_date,
        event_at
    from {{ ref('stg_ga4__events') }}
    where
        session_id is not null
        and {{ ga4_event_window_filter() }}
),

fx_rates as (
    select
        currency_code,
        rate_to_thb,
        valid_from_date,
        valid_until_date
    from {{ ref('int_fx_rates__as_of') }}
),

-- the first non-null value of each attribute in the session, on every event (window functions),
-- then one row per session
firsts as (
    select
        events.*,
        {{ ga4_first_value('page_location') }} as first_page_location,
        {{ ga4_first_value("case when event_name = 'page_view' then page_location end") }}
            as first_page_view_location,
        {{ ga4_first_value('page_hostname') }} as landing_hostname,
        {{ ga4_first_value('page_referrer_hostname') }} as landing_referrer_hostname,
        {{ ga4_first_value('source') }} as first_source,
        {{ ga4_first_value('medium') }} as first_medium,
        {{ ga4_first_value('campaign') }} as first_campaign,
        {{ ga4_first_value('content') }} as first_content,
        {{ ga4_first_value('gclid') }} as first_gclid,
        {{ ga4_first_value('device_category') }} as first_device_category,
        {{ ga4_first_value('geo_country') }} as first_geo_country,
        {{ ga4_first_value("case when event_name = 'purchase' then currency_code end") }}
            as first_purchase_currency_code
    from events
),

aggregated as (
    select
        session_id,
        min(property_id) as property_id,
        min(user_pseudo_id) as user_pseudo_id,
        min(ga_session_id) as ga_session_id,
        max(first_page_location) as first_page_location,
        max(first_page_view_location) as first_page_view_location,
        max(landing_hostname) as landing_hostname,
        max(landing_referrer_hostname) as landing_referrer_hostname,
        max(first_source) as first_source,
        max(first_medium) as first_medium,
        max(first_campaign) as first_campaign,
        max(first_content) as first_content,
        max(first_gclid) as first_gclid,
        max(first_device_category) as device_category,
        max(first_geo_country) as geo_country,
        coalesce(max(property_currency_code), max(first_purchase_currency_code)) as currency_code,
        max(ga_session_number) as ga_session_number,
        count(*) as events,
        sum(case when event_name = 'page_view' then 1 else 0 end) as page_views,
        coalesce(sum(engagement_time_msec), 0) as engagement_time_msec,
        count(distinct case
            when event_name = 'purchase' then coalesce(transaction_id, event_id)
        end) as transactions,
        max(case when session_engaged = '1' then 1 else 0 end) = 1 as has_engaged_flag,
        min(event_date) as session_date,
        min(event_at) as session_start_at,
        max(event_at) as session_end_at
    from firsts
    group by session_id
),

sessions as (
    select *
    from aggregated
    where {{ ga4_session_window_filter('session_date') }}
),

-- purchase revenue: each purchase in its own currency → THB at the ECB rate of its day, then
-- into the session's (property) currency through THB unless it is already in it
purchases as (
    select
        events.session_id,
        events.currency_code,
        events.purchase_revenue,
        events.purchase_revenue * fx_rates.rate_to_thb as purchase_revenue_thb
    from events
    left join fx_rates
        on
            events.currency_code = fx_rates.currency_code
            and events.event_date >= fx_rates.valid_from_date
            and events.event_date < fx_rates.valid_until_date
    where events.event_name = 'purchase' and events.purchase_revenue is not null
),

session_fx as (
    select
        sessions.session_id,
        fx_rates.rate_to_thb
    from sessions
    left join fx_rates
        on
            sessions.currency_code = fx_rates.currency_code
            and sessions.session_date >= fx_rates.valid_from_date
            and sessions.session_date < fx_rates.valid_until_date
),

revenue as (
    select
        purchases.session_id,
        sum(case
            when purchases.currency_code = sessions.currency_code then purchases.purchase_revenue
            else purchases.purchase_revenue_thb / nullif(session_fx.rate_to_thb, 0)
        end) as purchase_revenue,
        sum(purchases.purchase_revenue_thb) as purchase_revenue_thb
    from purchases
    inner join sessions on purchases.session_id = sessions.session_id
    left join session_fx on purchases.session_id = session_fx.session_id
    group by purchases.session_id
),

attributed as (
    select
        sessions.*,
        coalesce(sessions.first_source, {{ fallback[0] }}) as source,  -- noqa: RF04
        case
            when sessions.first_source is not null then coalesce(sessions.first_medium, '(not set)')
            else {{ fallback[1] }}
        end as medium,
        case when sessions.first_source is not null then sessions.first_campaign end
            as tagged_campaign
    from sessions
),

final as (
    select
        attributed.session_id,
        attributed.property_id,
        attributed.user_pseudo_id,
        attributed.ga_session_id,
        coalesce(attributed.first_page_view_location, attributed.first_page_location)
            as landing_page,
        {{ ga4_url_path('coalesce(attributed.first_page_view_location, attributed.first_page_location)') }}
            as landing_page_path,
        attributed.source,
        attributed.medium,
        coalesce(
            attributed.tagged_campaign,
            case attributed.medium
                when '(none)' then '(direct)'
                when 'organic' then '(organic)'
                when 'referral' then '(referral)'
                else '(not set)'
            end
        ) as campaign,
        attributed.first_content as content,
        attributed.device_category,
        attributed.geo_country,
        attributed.currency_code,
        attributed.ga_session_number,
        attributed.events,
        attributed.page_views,
        attributed.engagement_time_msec,
        attributed.transactions,
        cast(coalesce(revenue.purchase_revenue, 0) as decimal(38, 9)) as purchase_revenue,
        cast(
            case when attributed.transactions = 0 then 0 else revenue.purchase_revenue_thb end
            as decimal(38, 9)
        ) as purchase_revenue_thb,
        -- GA4's engaged session: 10 s in the foreground, 2+ page views, or a key event (a
        -- purchase here); the session_engaged flag is GA4's own verdict when the export has it
        (
            attributed.has_engaged_flag
            or attributed.engagement_time_msec >= 10000
            or attributed.page_views >= 2
            or attributed.transactions > 0
        ) as is_engaged,
        attributed.transactions > 0 as has_purchase,
        attributed.session_date,
        attributed.session_start_at,
        attributed.session_end_at
    from attributed
    left join revenue on attributed.session_id = revenue.session_id
),

with_channel as (
    select
        session_id,
        property_id,
        user_pseudo_id,
        ga_session_id,
        landing_page,
        landing_page_path,
        source,
        medium,
        campaign,
        content,
        {{ ga4_default_channel_group('source', 'medium', 'campaign') }} as channel_group,
        device_category,
        geo_country,
        currency_code,
        ga_session_number,
        events,
        page_views,
        engagement_time_msec,
        transactions,
        purchase_revenue,
        purchase_revenue_thb,
        is_engaged,
        not is_engaged as is_bounced,
        has_purchase,
        session_date,
        session_start_at,
        session_end_at
    from final
)

select * from with_channel
