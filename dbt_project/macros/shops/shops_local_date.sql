{#
    The calendar day of a UTC timestamp in a timezone held in a column (IANA name), e.g. the
    shop-local day an order was placed on. DuckDB: timezone(name, timestamptz) gives the local
    wall-clock time; BigQuery: date(timestamp, name).
#}
{% macro shops_local_date(timestamp_column, timezone_column) -%}
    {{ return(adapter.dispatch('shops_local_date')(timestamp_column, timezone_column)) }}
{%- endmacro %}

{% macro default__shops_local_date(timestamp_column, timezone_column) -%}
    cast(timezone({{ timezone_column }}, {{ timestamp_column }}) as date)
{%- endmacro %}

{% macro bigquery__shops_local_date(timestamp_column, timezone_column) -%}
    date({{ timestamp_column }}, {{ timezone_column }})
{%- endmacro %}
