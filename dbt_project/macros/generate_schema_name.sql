{#
    Models land in schemas (BigQuery datasets) named exactly by their folder's +schema —
    `staging`, `intermediate`, `marts`, `seeds` — not dbt's default `<target schema>_<custom>`.
    On BigQuery an optional BQ_DATASET_PREFIX (e.g. `dev_alice_`) isolates a developer's datasets.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ schema_prefix() }}{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

{% macro schema_prefix() -%}
    {{ return(adapter.dispatch('schema_prefix')()) }}
{%- endmacro %}

{% macro default__schema_prefix() -%}
    {{ return('') }}
{%- endmacro %}

{% macro bigquery__schema_prefix() -%}
    {{ return(env_var('BQ_DATASET_PREFIX', '')) }}
{%- endmacro %}
