-- One row per GA4 event. Reads raw.ga4_events (export files) and, on BigQuery, the properties'
-- own exports in place (macros/ga4/ga4_events_source.sql), which also flattens the common
-- event_params (macros/ga4/ga4_event_params.sql). Adds the event's traffic source
-- (collected_traffic_source, else the source/medium/campaign params) and the ecommerce fields;
-- placeholders such as <Other> or (data deleted) are values and pass through unchanged.
with

events as (
    {{ ga4_events_source() }}
),

final as (
    select
        {{ surrogate_key(['property_id', 'event_dedupe_key']) }} as event_id,
        property_id,
        case
            when user_pseudo_id is not null and param_ga_session_id is not null
                then property_id || '-' || user_pseudo_id || '-'
                || cast(param_ga_session_id as {{ dbt.type_string() }})
        end as session_id,
        user_pseudo_id,
        user_id,
        stream_id,
        cast(param_ga_session_id as {{ dbt.type_string() }}) as ga_session_id,
        event_name,
        platform,
        param_page_location as page_location,
        {{ ga4_url_host('param_page_location') }} as page_hostname,
        {{ ga4_url_path('param_page_location') }} as page_path,
        param_page_title as page_title,
        param_page_referrer as page_referrer,
        {{ ga4_url_host('param_page_referrer') }} as page_referrer_hostname,
        coalesce(collected_source, param_source) as source,
        coalesce(collected_medium, param_medium) as medium,
        coalesce(collected_campaign, param_campaign) as campaign,
        coalesce(collected_content, param_content) as content,
        coalesce(collected_term, param_term) as term,
        coalesce(collected_gclid, param_gclid) as gclid,
        first_user_source,
        first_user_medium,
        first_user_campaign,
        param_session_engaged as session_engaged,
        coalesce(ecommerce_transaction_id, param_transaction_id) as transaction_id,
        coalesce(param_currency, property_currency_code) as currency_code,
        property_currency_code,
        property_timezone,
        device_category,
        device_operating_system,
        device_browser,
        device_language,
        geo_country,
        geo_region,
        geo_city,
        export_table_suffix,
        param_ga_session_number as ga_session_number,
        param_engagement_time_msec as engagement_time_msec,
        case
            when event_name = 'purchase'
                then cast(coalesce(ecommerce_purchase_revenue, param_value) as decimal(38, 9))
        end as purchase_revenue,
        case
            when event_name = 'purchase'
                then cast(ecommerce_purchase_revenue_in_usd as decimal(38, 9))
        end as purchase_revenue_in_usd,
        cast(ecommerce_shipping_value as decimal(38, 9)) as shipping_value,
        cast(ecommerce_tax_value as decimal(38, 9)) as tax_value,
        cast(param_value as decimal(38, 9)) as event_value,
        ecommerce_total_item_quantity as total_item_quantity,
        ecommerce_unique_items as unique_items,
        event_date,
        {{ ga4_timestamp_from_micros('event_timestamp') }} as event_at,
        loaded_at
    from events
)

select * from final
