{#
    The order a table model's rows are stored in, for the reads that filter it by range.
    Call it after the final select: `select * from final {{ storage_order(['platform', 'date_day']) }}`.

    DuckDB keeps min/max statistics per row group and column segment (zone maps) and skips the
    ones a filter rules out, so a table written in (platform, date_day) order reads only the row
    groups of a dashboard's platform and date range instead of every one (a range over all
    platforms: one run of rows per platform). Platform first because dashboards mostly filter
    one: with day first, most 2,048-row vectors in the range hold two platforms' rows, and
    DuckDB decompresses all columns of any vector with a match (10 concurrent readers of the
    1-year bench `campaign_performance`, one platform each: p95 ≈ 530 ms platform-first against
    ≈ 640 ms day-first, bench/README.md §4).
    BigQuery prunes by partition and clustering (`partition_by`/`cluster_by` configs) and gains
    nothing from an order by in a table build, so it — like any other warehouse — gets none.
#}
{% macro storage_order(columns) -%}
    {{ return(adapter.dispatch('storage_order')(columns)) }}
{%- endmacro %}

{% macro default__storage_order(columns) -%}
{%- endmacro %}

{% macro duckdb__storage_order(columns) -%}
    order by {{ columns | join(', ') }}
{%- endmacro %}
