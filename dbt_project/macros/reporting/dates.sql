{#
    Calendar helpers of the reporting marts. Only these macros know how each warehouse spells
    week starts and ISO week numbers; date shifts go through dbt's own dispatched `dateadd`.
#}

{#- `date_expr` moved by `n` days / months, as a date (end of month clamps: 03-31 − 1 month = 02-28/29). -#}
{% macro shift_date(date_expr, n, part='day') -%}
    cast({{ dbt.dateadd(part, n, date_expr) }} as date)
{%- endmacro %}

{#- First day of the date's calendar month, as a date. -#}
{% macro month_start(date_expr) -%}
    cast({{ dbt.date_trunc('month', date_expr) }} as date)
{%- endmacro %}

{#- Monday of the date's ISO week, as a date. -#}
{% macro iso_week_start(date_expr) -%}
    {{ return(adapter.dispatch('iso_week_start')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_week_start(date_expr) -%}
    cast(date_trunc('week', {{ date_expr }}) as date)
{%- endmacro %}

{% macro bigquery__iso_week_start(date_expr) -%}
    date_trunc({{ date_expr }}, isoweek)
{%- endmacro %}

{#- ISO week label `YYYY-Www` (ISO year, ISO week number), e.g. 2026-W47. -#}
{% macro iso_week_label(date_expr) -%}
    {{ return(adapter.dispatch('iso_week_label')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_week_label(date_expr) -%}
    strftime({{ date_expr }}, '%G-W%V')
{%- endmacro %}

{% macro bigquery__iso_week_label(date_expr) -%}
    format_date('%G-W%V', {{ date_expr }})
{%- endmacro %}
