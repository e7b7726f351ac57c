{#
    Whether the optimizer's ops tables (source `optimizer_ops`, schema `ops`) exist in the
    warehouse. A fresh warehouse, where no plan was ever made, must still build the models that
    read them; they read an empty relation then. Models declare the lineage with
    `-- depends_on: {{ source(...) }}` (a lint-safe form), not through this macro.
#}
{% macro optimizer_ops_exist(table_names) -%}
    {#- `sameas true`: dbt's execute is a bool; a linter that leaves it undefined gets false -#}
    {%- if execute is not sameas true -%}
        {{ return(false) }}
    {%- endif -%}
    {%- for name in table_names -%}
        {%- if relation_is_missing(source('optimizer_ops', name)) -%}
            {{ return(false) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(true) }}
{%- endmacro %}
