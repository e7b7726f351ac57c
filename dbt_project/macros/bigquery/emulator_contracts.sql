{#
    Local BigQuery emulator only (BIGQUERY_EMULATOR_HOST set): build contracted tables without the
    typed column list.

    With an enforced contract, dbt-bigquery writes `create or replace table t (col TYPE, ...)
    partition by ... as (select ...)` — valid BigQuery, but bqemulator 1.4 hands the typed column
    list with AS to DuckDB, which rejects it ("syntax error at or near AS"). Here the contract is
    still checked (get_assert_columns_equivalent compares names and types of the compiled query
    with the yml, and fails the model on a mismatch) and the columns are still selected in contract
    order (get_select_subquery); only the column DDL is left out. Against Google (no emulator
    host) the adapter's own macro runs unchanged.
#}
{% macro bigquery__create_table_as(temporary, relation, compiled_code, language='sql') -%}
    {%- set contract_config = config.get('contract') -%}
    {%- if language == 'sql' and env_var('BIGQUERY_EMULATOR_HOST', '') and contract_config.enforced -%}
        {{ get_assert_columns_equivalent(compiled_code) }}
        {{ config.get('sql_header', none) or '' }}
        create or replace table {{ relation }}
        {{ partition_by(adapter.parse_partition_by(config.get('partition_by', none))) }}
        {{ cluster_by(config.get('cluster_by', none)) }}
        {{ bigquery_table_options(config, model, temporary) }}
        as (
            {{ get_select_subquery(compiled_code) }}
        );
    {%- else -%}
        {{ dbt.bigquery__create_table_as(temporary, relation, compiled_code, language) }}
    {%- endif -%}
{%- endmacro %}
