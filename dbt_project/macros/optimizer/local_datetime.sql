{#
    The wall-clock date and time of a UTC timestamp in an IANA timezone held in a column
    (`account_timezone`), as a timezone-less timestamp/datetime: its `cast(... as date)` is the
    account-local day and its hour/minute/second the local time of day. Only this macro knows how
    each warehouse spells the conversion.
#}
{% macro local_datetime(timestamp_expr, timezone_expr) -%}
    {{ return(adapter.dispatch('local_datetime')(timestamp_expr, timezone_expr)) }}
{%- endmacro %}

{% macro default__local_datetime(timestamp_expr, timezone_expr) -%}
    timezone({{ timezone_expr }}, cast({{ timestamp_expr }} as timestamptz))
{%- endmacro %}

{% macro bigquery__local_datetime(timestamp_expr, timezone_expr) -%}
    datetime(cast({{ timestamp_expr }} as timestamp), {{ timezone_expr }})
{%- endmacro %}

{#- Seconds since local midnight of a local datetime / 86400: the share of the day elapsed. -#}
{% macro day_elapsed_fraction(local_datetime_expr) -%}
    (
        extract(hour from {{ local_datetime_expr }}) * 3600
        + extract(minute from {{ local_datetime_expr }}) * 60
        + extract(second from {{ local_datetime_expr }})
    ) / 86400.0
{%- endmacro %}
