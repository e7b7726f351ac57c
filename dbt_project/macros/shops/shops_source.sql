{#
    `source(source_name, table_name)`, or — when the raw table does not exist yet — an empty
    relation with the columns and types the source's yml declares.

    Why: the marketplace raw tables exist once the shops assets have run (they create all nine,
    empty when a platform has no shop). A warehouse built without them (a deployment without
    shops, another source's test scenario) must still build; an empty stand-in keeps every
    downstream model and test valid, with a warning in the log naming the missing table.
    Column data_type in the sources yml uses neutral names mapped by `shops_sql_type`.
#}
{% macro shops_source(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not relation_is_missing(relation) -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set node = graph.sources.values() | selectattr('source_name', 'equalto', source_name)
        | selectattr('name', 'equalto', table_name) | first -%}
    {%- if node is none or not node.columns -%}
        {{ exceptions.raise_compiler_error(
            "source " ~ source_name ~ "." ~ table_name ~ " is missing and declares no columns") }}
    {%- endif -%}
    {{ log("shops_source: " ~ relation ~ " does not exist yet; using an empty stand-in", info=true) }}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() -%}
        {%- do columns.append("cast(null as " ~ shops_sql_type(column.data_type) ~ ") as " ~ column.name) -%}
    {%- endfor -%}
    {{ return("(select " ~ columns | join(", ") ~ " from (select 1 as one) as stand_in where 1 = 0)") }}
{%- endmacro %}

{% macro shops_sql_type(neutral) -%}
    {{ return(adapter.dispatch('shops_sql_type')(neutral)) }}
{%- endmacro %}

{% macro default__shops_sql_type(neutral) -%}
    {{ return({'string': 'varchar', 'bigint': 'bigint', 'decimal': 'decimal(38, 9)',
               'timestamp': 'timestamp with time zone', 'boolean': 'boolean',
               'date': 'date'}[neutral]) }}
{%- endmacro %}

{% macro bigquery__shops_sql_type(neutral) -%}
    {{ return({'string': 'string', 'bigint': 'int64', 'decimal': 'numeric',
               'timestamp': 'timestamp', 'boolean': 'bool', 'date': 'date'}[neutral]) }}
{%- endmacro %}
