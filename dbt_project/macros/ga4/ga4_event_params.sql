{#
    One value of a GA4 event's `event_params` (repeated STRUCT<key, value STRUCT<string_value,
    int_value, float_value, double_value>> of the BigQuery export) by key, typed:

    - ga4_param_string(key): the value as text, whichever field GA4 typed it in (`session_engaged`
      arrives as int_value 1 or string_value '1' in the same export);
    - ga4_param_int(key): int_value, else a string_value that parses as an integer, else a
      double_value truncated (NULL when it does not parse);
    - ga4_param_double(key): double_value, float_value or int_value as a double.

    NULL when the event has no such key (or its value is null). Dispatched: BigQuery unnests the
    array in a correlated subquery (the form Google documents); DuckDB filters the list with a
    lambda, which costs one pass over a short list instead of a join per key. Source: "[GA4]
    BigQuery Export schema", support.google.com/analytics/answer/7029846.
#}
{% macro ga4_param_string(key, column='event_params') -%}
    {{ return(adapter.dispatch('ga4_param_string')(key, column)) }}
{%- endmacro %}

{% macro ga4_param_int(key, column='event_params') -%}
    {{ return(adapter.dispatch('ga4_param_int')(key, column)) }}
{%- endmacro %}

{% macro ga4_param_double(key, column='event_params') -%}
    {{ return(adapter.dispatch('ga4_param_double')(key, column)) }}
{%- endmacro %}

{#- the typed expressions over one param `p`, shared by every warehouse -#}
{% macro _ga4_as_string(p) -%}
    coalesce(
        {{ p }}.value.string_value,
        cast({{ p }}.value.int_value as {{ dbt.type_string() }}),
        cast({{ p }}.value.double_value as {{ dbt.type_string() }}),
        cast({{ p }}.value.float_value as {{ dbt.type_string() }})
    )
{%- endmacro %}

{% macro _ga4_as_int(p) -%}
    coalesce(
        {{ p }}.value.int_value,
        {{ dbt.safe_cast(p ~ '.value.string_value', dbt.type_bigint()) }},
        cast({{ p }}.value.double_value as {{ dbt.type_bigint() }})
    )
{%- endmacro %}

{% macro _ga4_as_double(p) -%}
    coalesce(
        {{ p }}.value.double_value,
        {{ p }}.value.float_value,
        cast({{ p }}.value.int_value as {{ dbt.type_float() }})
    )
{%- endmacro %}

{# -- default and BigQuery: correlated UNNEST ------------------------------------------------ #}
{% macro default__ga4_param_string(key, column) -%}
    (select {{ _ga4_as_string('p') }} from unnest({{ column }}) as p where p.key = '{{ key }}' limit 1)
{%- endmacro %}

{% macro default__ga4_param_int(key, column) -%}
    (select {{ _ga4_as_int('p') }} from unnest({{ column }}) as p where p.key = '{{ key }}' limit 1)
{%- endmacro %}

{% macro default__ga4_param_double(key, column) -%}
    (select {{ _ga4_as_double('p') }} from unnest({{ column }}) as p where p.key = '{{ key }}' limit 1)
{%- endmacro %}

{# -- DuckDB: list functions ---------------------------------------------------------------- #}
{% macro duckdb__ga4_param_string(key, column) -%}
    list_transform(list_filter({{ column }}, lambda p: p.key = '{{ key }}'), lambda p: {{ _ga4_as_string('p') }})[1]
{%- endmacro %}

{% macro duckdb__ga4_param_int(key, column) -%}
    list_transform(list_filter({{ column }}, lambda p: p.key = '{{ key }}'), lambda p: {{ _ga4_as_int('p') }})[1]
{%- endmacro %}

{% macro duckdb__ga4_param_double(key, column) -%}
    list_transform(list_filter({{ column }}, lambda p: p.key = '{{ key }}'), lambda p: {{ _ga4_as_double('p') }})[1]
{%- endmacro %}
