{# numerator / denominator, null when the denominator is 0 or null (same SQL on every warehouse). #}
{% macro safe_divide(numerator, denominator) -%}
    ({{ numerator }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
