{#
    Every source() resolves through here: on BigQuery the raw datasets carry the same
    BQ_DATASET_PREFIX as the model datasets (`dev_alice_raw`), so one developer's or CI's loads
    and builds never touch another's. `schema_prefix()` is dispatched (macros/
    generate_schema_name.sql): '' on DuckDB, so DuckDB reads `raw.<table>` unchanged.
    Lineage is untouched: builtins.source records the dependency as usual.
    `dbt source freshness` reads the manifest's `raw` schema, not this macro: with a prefix, check
    freshness through the Dagster checks instead.
#}
{% macro source(source_name, table_name) -%}
    {%- set relation = builtins.source(source_name, table_name) -%}
    {%- set prefix = schema_prefix() | trim -%}
    {%- if prefix and relation.schema -%}
        {%- do return(relation.incorporate(path={'schema': prefix ~ relation.schema})) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
