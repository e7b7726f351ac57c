{#
    Sum of `value` over the structs of a Meta action list (`actions`, `action_values`,
    `video_thruplay_watched_actions` ...) whose `action_type` equals `action_type`; null when the
    list is null or has no such entry (Meta omits zero actions, so callers coalesce as they need).

    The correlated `unnest` below is valid on BigQuery and on DuckDB (where the alias names both
    the unnested relation and its one struct column, so `action.value` reads the field). A
    warehouse that spells list unnesting differently adds `<adapter>__meta_action_value`.
#}
{% macro meta_action_value(list_column, action_type) -%}
    {{ return(adapter.dispatch('meta_action_value')(list_column, action_type)) }}
{%- endmacro %}

{% macro default__meta_action_value(list_column, action_type) -%}
    (
        select sum(action.value)
        from unnest({{ list_column }}) as action
        where action.action_type = '{{ action_type }}'
    )
{%- endmacro %}

{% macro duckdb__meta_action_value(list_column, action_type) -%}
    {#- Same result with list functions: DuckDB decorrelates the subquery above into a join over
        every unnested element, which on a year of ad-days (2.7 M rows, 7 lookups a row) grew to
        18 GB and minutes per scan of stg_meta__ads_insights (bench/README.md); this stays
        per-row, in the vector. An empty or null list gives null, as above. -#}
    list_sum(list_transform(
        list_filter({{ list_column }}, lambda action: action.action_type = '{{ action_type }}'),
        lambda action: action.value
    ))
{%- endmacro %}
