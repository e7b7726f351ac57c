{#
    A predicate on a raw fact's partition column that keeps every row: `date_day >= 1900-01-01`.

    Raw facts on BigQuery are created with require_partition_filter (sql/raw/*.sql): a query
    that does not filter their partition column is refused ("Cannot query over table ... without
    a filter over column(s) ... that can be used for partition elimination"). Staging views read
    a raw fact's whole history through this predicate; windowed models add their window on top,
    and BigQuery prunes partitions by both. The same SQL on DuckDB, where it is a no-op.
    Every read of a partition-overwrite raw table (a source with a date partition) needs it or a
    window filter; tests/bigquery/test_dbt_bigquery_layout.py checks the compiled project.
#}
{% macro all_partitions(column) -%}
    {{ column }} >= cast('1900-01-01' as date)
{%- endmacro %}
