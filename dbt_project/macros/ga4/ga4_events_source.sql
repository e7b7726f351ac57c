{#
    Every GA4 event the warehouse can read, as one flat relation with the same columns on both
    warehouses, the common event_params already flattened (`param_*`; the staging model's only
    input; it reads source() through here):

    - everywhere: `raw.ga4_events`, the export files loaded by the Dagster asset `ga4_events`;
    - on BigQuery also each property's own export, read in place:
      `<project>.analytics_<property_id>.events_*`, daily tables only (`_TABLE_SUFFIX` between
      var ga4_start_suffix and '99999999'; `events_intraday_*` suffixes start with a letter and
      sort after it). Property ids: var `ga4_bigquery_property_ids` (a list, or a comma-separated
      string), default env ADPILOT_GA4_BIGQUERY_PROPERTY_IDS; project: var `ga4_export_project`,
      default env ADPILOT_GA4_EXPORT_PROJECT, else the target's project. The export's structs
      carry more fields than the raw contract and change over time, so only the fields staging
      uses are selected, by name.

    `export_table_suffix` is the export table's date suffix (YYYYMMDD): models filter on it, so
    BigQuery prunes the wildcard tables through the staging view. `event_dedupe_key` of an
    in-place row is the md5 of its JSON (as the loader computes it for files).
#}
{% macro ga4_events_source() -%}
    {{ return(adapter.dispatch('ga4_events_source')()) }}
{%- endmacro %}

{#- `alias` names the relation; struct fields are read through it (`events.device.category`):
    the local BigQuery emulator reads a bare `device.category` as column `category` of a table
    `device`. -#}
{% macro ga4_flat_select(relation, property_id, event_date, dedupe_key, property_currency,
                         property_timezone, suffix, loaded_at, where, alias) -%}
    select
        {{ property_id }} as property_id,
        {{ event_date }} as event_date,
        event_timestamp,
        event_name,
        {{ dedupe_key }} as event_dedupe_key,
        user_pseudo_id,
        user_id,
        cast(stream_id as {{ dbt.type_string() }}) as stream_id,
        platform,
        {{ alias }}.device.category as device_category,
        {{ alias }}.device.operating_system as device_operating_system,
        {{ alias }}.device.web_info.browser as device_browser,
        {{ alias }}.device.language as device_language,
        {{ alias }}.geo.country as geo_country,
        {{ alias }}.geo.region as geo_region,
        {{ alias }}.geo.city as geo_city,
        {{ alias }}.traffic_source.source as first_user_source,
        {{ alias }}.traffic_source.medium as first_user_medium,
        {{ alias }}.traffic_source.name as first_user_campaign,
        {{ alias }}.collected_traffic_source.manual_source as collected_source,
        {{ alias }}.collected_traffic_source.manual_medium as collected_medium,
        {{ alias }}.collected_traffic_source.manual_campaign_name as collected_campaign,
        {{ alias }}.collected_traffic_source.manual_content as collected_content,
        {{ alias }}.collected_traffic_source.manual_term as collected_term,
        {{ alias }}.collected_traffic_source.gclid as collected_gclid,
        {{ alias }}.ecommerce.transaction_id as ecommerce_transaction_id,
        {{ alias }}.ecommerce.purchase_revenue as ecommerce_purchase_revenue,
        {{ alias }}.ecommerce.purchase_revenue_in_usd as ecommerce_purchase_revenue_in_usd,
        {{ alias }}.ecommerce.shipping_value as ecommerce_shipping_value,
        {{ alias }}.ecommerce.tax_value as ecommerce_tax_value,
        {{ alias }}.ecommerce.total_item_quantity as ecommerce_total_item_quantity,
        {{ alias }}.ecommerce.unique_items as ecommerce_unique_items,
        {{ ga4_param_columns() }},
        {{ property_currency }} as property_currency_code,
        {{ property_timezone }} as property_timezone,
        {{ suffix }} as export_table_suffix,
        {{ loaded_at }} as loaded_at
    from {{ relation }} as {{ alias }}
    where {{ where }}
{%- endmacro %}

{#- the common event_params, flattened in each branch before the union (the local BigQuery
    emulator cannot bind a correlated UNNEST over a union that reads a wildcard table); the raw
    array itself is not selected beside them: the emulator then binds the UNNEST to that output
    column instead of the table's ("cannot be referenced before it is defined") -#}
{% macro ga4_param_columns() -%}
        {{ ga4_param_int('ga_session_id') }} as param_ga_session_id,
        {{ ga4_param_int('ga_session_number') }} as param_ga_session_number,
        {{ ga4_param_string('page_location') }} as param_page_location,
        {{ ga4_param_string('page_title') }} as param_page_title,
        {{ ga4_param_string('page_referrer') }} as param_page_referrer,
        {{ ga4_param_int('engagement_time_msec') }} as param_engagement_time_msec,
        {{ ga4_param_string('session_engaged') }} as param_session_engaged,
        {{ ga4_param_string('source') }} as param_source,
        {{ ga4_param_string('medium') }} as param_medium,
        {{ ga4_param_string('campaign') }} as param_campaign,
        {{ ga4_param_string('content') }} as param_content,
        {{ ga4_param_string('term') }} as param_term,
        {{ ga4_param_string('gclid') }} as param_gclid,
        {{ ga4_param_string('transaction_id') }} as param_transaction_id,
        {{ ga4_param_string('currency') }} as param_currency,
        {{ ga4_param_double('value') }} as param_value
{%- endmacro %}

{% macro _ga4_raw_select() -%}
    {{ ga4_flat_select(
        relation=source('ga4', 'ga4_events'),
        property_id='property_id',
        event_date='event_date',
        dedupe_key='event_dedupe_key',
        property_currency='currency_code',
        property_timezone='account_timezone',
        suffix=ga4_date_suffix('event_date'),
        loaded_at='_loaded_at',
        where=all_partitions('event_date'),
        alias='events',
    ) }}
{%- endmacro %}

{% macro default__ga4_events_source() -%}
    {{ _ga4_raw_select() }}
{%- endmacro %}

{% macro ga4_bigquery_property_ids() -%}
    {%- set ids = var('ga4_bigquery_property_ids', env_var('ADPILOT_GA4_BIGQUERY_PROPERTY_IDS', '')) -%}
    {%- if ids is string -%}
        {%- set ids = ids.split(',') -%}
    {%- endif -%}
    {{ return(ids | map('string') | map('trim') | reject('equalto', '') | list) }}
{%- endmacro %}

{% macro bigquery__ga4_events_source() -%}
    {{ _ga4_raw_select() }}
    {%- for property_id in ga4_bigquery_property_ids() %}
    {#- the source names the project (and records the lineage); the dataset is the property's -#}
    {%- set project = source('ga4_export', 'events').database %}
    {%- set alias = 'export' %}
    union all
    {{ ga4_flat_select(
        relation='`' ~ project ~ '`.`analytics_' ~ property_id ~ '`.`events_*`',
        property_id="'" ~ property_id ~ "'",
        event_date="parse_date('%Y%m%d', event_date)",
        dedupe_key='to_hex(md5(to_json_string(' ~ alias ~ ')))',
        property_currency='cast(null as string)',
        property_timezone='cast(null as string)',
        suffix='_table_suffix',
        loaded_at='cast(null as timestamp)',
        where="_table_suffix between '" ~ var('ga4_start_suffix', '20200101') ~ "' and '99999999'",
        alias=alias,
    ) }}
    {%- endfor %}
{%- endmacro %}
