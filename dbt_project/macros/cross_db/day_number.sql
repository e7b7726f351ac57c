{#
    Days since 1970-01-01 as an integer, so trailing windows can be written as integer ranges
    (`range between 6 preceding and current row`, `between n - 27 and n`) on both warehouses:
    BigQuery's RANGE frames need a numeric order key, and neither warehouse needs date arithmetic.
#}
{% macro day_number(date_column) -%}
    {{ return(adapter.dispatch('day_number')(date_column)) }}
{%- endmacro %}

{% macro default__day_number(date_column) -%}
    ({{ date_column }} - cast('1970-01-01' as date))
{%- endmacro %}

{% macro bigquery__day_number(date_column) -%}
    unix_date({{ date_column }})
{%- endmacro %}
