{#
    Aggregate: the mid-rank percentile of `value` among the non-null `baseline_value`s of its
    group — (values below + half the values equal) / values, in [0, 1]. The group must contain
    `value` itself for a lone value to score 0.5. Null when the group has no values.
#}
{% macro mid_rank_percentile(value, baseline_value) -%}
    sum(
        case
            when {{ baseline_value }} < {{ value }} then 1.0
            when {{ baseline_value }} = {{ value }} then 0.5
            else 0.0
        end
    ) / nullif(count({{ baseline_value }}), 0)
{%- endmacro %}
