{#
    `source('tiktok', table_name)`, or — while the raw table does not exist — an empty stand-in
    relation with the columns (and neutral types) `_tiktok__sources.yml` declares.

    The raw TikTok tables appear with the first TikTok sync (the Dagster assets create them even
    with no advertiser configured). A warehouse without them (another source's test scenario, a
    dbt run before any sync) must still build: the stand-in keeps every model and test
    downstream valid, and the log names the missing table. Same contract as
    `google_ads_source` and `shops_source`.
    Types: string, bigint, double, decimal (38, 9), date, timestamp (UTC), boolean.
#}
{% macro tiktok_source(table_name) -%}
    {%- set relation = source('tiktok', table_name) -%}
    {%- if not relation_is_missing(relation) -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set node = graph.sources.values() | selectattr('source_name', 'equalto', 'tiktok')
        | selectattr('name', 'equalto', table_name) | first -%}
    {%- if node is none or not node.columns -%}
        {{ exceptions.raise_compiler_error(
            "source tiktok." ~ table_name ~ " is missing and declares no columns") }}
    {%- endif -%}
    {{ log("tiktok_source: " ~ relation ~ " does not exist yet; reading it as empty", info=true) }}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() -%}
        {%- do columns.append(
            "cast(null as " ~ tiktok_sql_type(column.data_type) ~ ") as " ~ column.name) -%}
    {%- endfor -%}
    {{ return("(select " ~ columns | join(", ") ~ " from (select 1 as one) as stand_in where 1 = 0)") }}
{%- endmacro %}

{% macro tiktok_sql_type(neutral) -%}
    {#- DuckDB types of the stand-in's columns (only DuckDB builds one, see above). -#}
    {{ return({'string': 'varchar', 'bigint': 'bigint', 'double': 'double',
               'decimal': 'decimal(38, 9)', 'date': 'date',
               'timestamp': 'timestamp with time zone', 'boolean': 'boolean'}[neutral]) }}
{%- endmacro %}
