{#
    md5 hex of the fields joined by '|', nulls as ''. Hashing goes through dbt.hash, which is
    already dispatched (md5 on DuckDB, to_hex(md5()) on BigQuery), so the key is the same 32-char
    lowercase hex string on both warehouses.
#}
{% macro surrogate_key(fields) -%}
    {%- set parts = [] -%}
    {%- for field in fields -%}
        {%- do parts.append("coalesce(cast(" ~ field ~ " as string), '')") -%}
    {%- endfor -%}
    {{ dbt.hash(parts | join(" || '|' || ")) }}
{%- endmacro %}
