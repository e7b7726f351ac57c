{#
    Data tests of a windowed run check the window, not the whole history.

    A model whose config has `meta: {window_column: <date column>}` gets every generic data test
    on it (not_null, unique, relationships, accepted_values, ...) filtered to the run's partition
    window (date_window_filter on that column) when the run has one (--vars min_date / max_date).
    Without a window — a full build — the tests read every row, as before. This is dbt's `where`
    test config (docs.getdbt.com/reference/resource-configs/where, "Custom logic": overriding
    get_where_subquery), applied from the model instead of repeated on each of its tests; a
    test's own `where` still applies, and-ed with the window.

    Why it is sound: a windowed run rewrites only the window's days (delete + insert on DuckDB,
    insert_overwrite of the window's partitions on BigQuery); the rows outside it are those the
    earlier runs wrote and tested. On views over the whole history (int_ads__unioned,
    int_campaign_days__margin, ...) the filter is pushed down to their sources, so a sync's tests
    cost grows with the window, not with history (bench/README.md, incremental.json).
#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set window_column = none -%}
    {%- set attached = model.get('attached_node') if model is mapping else none -%}
    {%- if execute and attached and attached in graph.nodes and date_window() is not none -%}
        {%- set window_column = graph.nodes[attached].config.meta.get('window_column') -%}
    {%- endif -%}
    {%- if window_column -%}
        {%- set window_where = date_window_filter(window_column) -%}
        {%- set where = '(' ~ where ~ ') and ' ~ window_where if where else window_where -%}
    {%- endif -%}
    {%- if where -%}
        (select * from {{ relation }} where {{ where }}) dbt_subquery
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}
