{#
    Amount in micros (millionths of a currency unit, Google Ads `cost_micros`,
    `amount_micros`) → currency units as decimal(38, 9), exactly: 1234567890 micros → 1234.56789.

    Never `micros / 1e6` (a float: drift in the last digits of large amounts). DuckDB's decimal
    division returns a DOUBLE too, so DuckDB multiplies by the exact decimal 0.000001; BigQuery's
    NUMERIC division is exact to 9 decimals, more than micros need.
#}
{% macro from_micros(amount) -%}
    {{ return(adapter.dispatch('from_micros')(amount)) }}
{%- endmacro %}

{% macro default__from_micros(amount) -%}
    cast(cast({{ amount }} as decimal(38, 9)) * cast('0.000001' as decimal(38, 9)) as decimal(38, 9))
{%- endmacro %}

{% macro bigquery__from_micros(amount) -%}
    cast(cast({{ amount }} as numeric) / 1000000 as numeric)
{%- endmacro %}
