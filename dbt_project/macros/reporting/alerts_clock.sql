{#
    The alerts' clock. A day is evaluated once it is over in its account's (shop's) time zone:
    `date_day < alerts_local_today(account_timezone)`. The clock is var `alerts_as_of` (a UTC ISO
    timestamp, for reproducible runs and tests), else the warehouse's current time.
#}
{% macro alerts_local_today(timezone_expr) -%}
    {%- set as_of = var('alerts_as_of', none) -%}
    {%- if as_of is none -%}
        {{ local_date_of('current_timestamp', timezone_expr) }}
    {%- else -%}
        {{ local_date_of("cast('" ~ (as_of | string | replace('T', ' ') | replace('Z', '')) ~ "' as timestamp)", timezone_expr) }}
    {%- endif -%}
{%- endmacro %}

{#- The calendar day in an IANA time zone (a column) of a UTC timestamp. -#}
{% macro local_date_of(timestamp_expr, timezone_expr) -%}
    {{ return(adapter.dispatch('local_date_of')(timestamp_expr, timezone_expr)) }}
{%- endmacro %}

{% macro default__local_date_of(timestamp_expr, timezone_expr) -%}
    cast(timezone(coalesce({{ timezone_expr }}, 'UTC'), cast({{ timestamp_expr }} as timestamptz)) as date)
{%- endmacro %}

{% macro bigquery__local_date_of(timestamp_expr, timezone_expr) -%}
    date(cast({{ timestamp_expr }} as timestamp), coalesce({{ timezone_expr }}, 'UTC'))
{%- endmacro %}

{#- A number as display text with `decimals` places (titles and descriptions of alerts). -#}
{% macro display_number(expr, decimals=2) -%}
    cast(cast(round({{ expr }}, {{ decimals }}) as decimal(20, {{ decimals }})) as string)
{%- endmacro %}
