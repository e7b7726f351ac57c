{#
    md5 hex of the fields joined by '|', nulls as ''. Hashing goes through dbt.hash, which is
    already dispatched (md5 on DuckDB, to_hex(md5()) on BigQuery), so the key is the same 32-char
    lowercase hex string on both warehouses.

    The fields are joined with array_to_string([...], '|') — the same function on DuckDB and
    BigQuery — rather than `||`: the local BigQuery emulator (bqemulator 1.4) fails to bind any
    string concatenation over a view whose body has a correlated UNNEST (Meta staging's action
    lists), and the array form gives the identical string on every warehouse.
#}
{% macro surrogate_key(fields) -%}
    {%- set parts = [] -%}
    {%- for field in fields -%}
        {%- do parts.append("coalesce(cast(" ~ field ~ " as string), '')") -%}
    {%- endfor -%}
    {{ dbt.hash("array_to_string([" ~ (parts | join(", ")) ~ "], '|')") }}
{%- endmacro %}
