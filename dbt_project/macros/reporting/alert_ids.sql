{#- The ids of alerts (docs block `alert_rules`), one definition for int_alerts__condition_streaks
    and the post-hook that continues its streaks. `object` prefixes the object's columns
    (alert_type, object_level, platform, object_id), e.g. 'streaks.'; `started_on` and `day` are
    column expressions.
    alert_id: md5 hex of the object and the first day of its streak.
    alert_evaluation_id: the same plus the evaluated day. -#}
{% macro alert_id(object='', started_on='condition_started_on') -%}
    {{ surrogate_key(_alert_object(object) + [started_on]) }}
{%- endmacro %}

{% macro alert_evaluation_id(object='', started_on='condition_started_on', day='date_day') -%}
    {{ surrogate_key(_alert_object(object) + [started_on, day]) }}
{%- endmacro %}

{% macro _alert_object(prefix) -%}
    {{ return([prefix ~ 'alert_type', prefix ~ 'object_level', prefix ~ 'platform', prefix ~ 'object_id']) }}
{%- endmacro %}
