{#
    Sum of `value` over the structs of a Meta action list (`actions`, `action_values`,
    `video_thruplay_watched_actions` ...) whose `action_type` equals `action_type`; null when the
    list is null or has no such entry (Meta omits zero actions, so callers coalesce as they need).
    The list is unnested in a correlated subquery; only the alias syntax differs by warehouse.
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
    (
        select sum(unnested.action.value)
        from unnest({{ list_column }}) as unnested (action)
        where unnested.action.action_type = '{{ action_type }}'
    )
{%- endmacro %}
