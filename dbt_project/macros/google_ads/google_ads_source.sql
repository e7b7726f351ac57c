{#
    `source('google_ads', table_name)`, or — while the raw table does not exist — an empty
    stand-in relation with the columns (and neutral types) `_google_ads__sources.yml` declares.

    The raw Google Ads tables appear with the first Google Ads sync. A warehouse without them (a
    brand that does not advertise on Google, another source's test scenario) must still build:
    the stand-in keeps every model and test downstream valid, and the log names the missing table.
    Types: string, bigint, double, decimal (38, 9), date, timestamp (UTC), boolean, string_list.
#}
{% macro google_ads_source(table_name) -%}
    {%- set relation = source('google_ads', table_name) -%}
    {%- if not relation_is_missing(relation) -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set node = graph.sources.values() | selectattr('source_name', 'equalto', 'google_ads')
        | selectattr('name', 'equalto', table_name) | first -%}
    {%- if node is none or not node.columns -%}
        {{ exceptions.raise_compiler_error(
            "source google_ads." ~ table_name ~ " is missing and declares no columns") }}
    {%- endif -%}
    {{ log("google_ads_source: " ~ relation ~ " does not exist yet; reading it as empty", info=true) }}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() -%}
        {%- do columns.append(
            "cast(null as " ~ google_ads_sql_type(column.data_type) ~ ") as " ~ column.name) -%}
    {%- endfor -%}
    {{ return("(select " ~ columns | join(", ") ~ " from (select 1 as one) as stand_in where 1 = 0)") }}
{%- endmacro %}

{% macro google_ads_sql_type(neutral) -%}
    {{ return(adapter.dispatch('google_ads_sql_type')(neutral)) }}
{%- endmacro %}

{% macro default__google_ads_sql_type(neutral) -%}
    {{ return({'string': 'varchar', 'bigint': 'bigint', 'double': 'double',
               'decimal': 'decimal(38, 9)', 'date': 'date',
               'timestamp': 'timestamp with time zone', 'boolean': 'boolean',
               'string_list': 'varchar[]'}[neutral]) }}
{%- endmacro %}

{% macro bigquery__google_ads_sql_type(neutral) -%}
    {{ return({'string': 'string', 'bigint': 'int64', 'double': 'float64',
               'decimal': 'numeric', 'date': 'date', 'timestamp': 'timestamp',
               'boolean': 'bool', 'string_list': 'array<string>'}[neutral]) }}
{%- endmacro %}
