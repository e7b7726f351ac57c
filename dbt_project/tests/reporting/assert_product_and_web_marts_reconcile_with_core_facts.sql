-- Reconciliation: per day, product_performance's units and revenue equal fct_order_items' lines
-- with a master SKU that were not cancelled; per property and day, the sessions of
-- website_analytics and of traffic_sources equal int_ga4__sessions'; per day, buyer_performance's
-- spend equals int_campaign_days__margin's. Returns one row per (mart, key, day) that does not.
with

items as (
    select order_date as date_day, sum(quantity) as units, sum(line_revenue_thb) as revenue_thb
    from {{ ref('fct_order_items') }}
    where master_sku is not null and line_status != 'cancelled'
    group by order_date
),

products as (
    select date_day, sum(units) as units, sum(revenue_thb) as revenue_thb
    from {{ ref('product_performance') }}
    group by date_day
),

sessions as (
    select property_id, session_date as date_day, count(*) as sessions
    from {{ ref('int_ga4__sessions') }}
    group by property_id, session_date
),

website as (
    select property_id, date_day, sum(sessions) as sessions
    from {{ ref('website_analytics') }}
    group by property_id, date_day
),

traffic as (
    select property_id, date_day, sum(sessions) as sessions
    from {{ ref('traffic_sources') }}
    group by property_id, date_day
),

campaign_days as (
    select date_day, sum(spend_thb) as spend_thb
    from {{ ref('int_campaign_days__margin') }}
    group by date_day
),

buyers as (
    select date_day, sum(spend_thb) as spend_thb
    from {{ ref('buyer_performance') }}
    group by date_day
)

select 'product_performance' as mart, null as key_id, items.date_day
from items
left join products on items.date_day = products.date_day
where
    products.date_day is null
    or items.units != products.units
    or abs(coalesce(items.revenue_thb, 0) - coalesce(products.revenue_thb, 0)) > 0.01
union all
select 'website_analytics' as mart, sessions.property_id, sessions.date_day
from sessions
left join website
    on sessions.property_id = website.property_id and sessions.date_day = website.date_day
where website.sessions is null or website.sessions != sessions.sessions
union all
select 'traffic_sources' as mart, sessions.property_id, sessions.date_day
from sessions
left join traffic
    on sessions.property_id = traffic.property_id and sessions.date_day = traffic.date_day
where traffic.sessions is null or traffic.sessions != sessions.sessions
union all
select 'buyer_performance' as mart, null as key_id, campaign_days.date_day
from campaign_days
left join buyers on campaign_days.date_day = buyers.date_day
where abs(campaign_days.spend_thb - coalesce(buyers.spend_thb, 0)) > 0.01
