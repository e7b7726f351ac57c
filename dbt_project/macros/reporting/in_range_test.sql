{# Invariant: the column lies in [min_value, max_value] on every non-null row (rates, shares, scores). #}
{% test in_range(model, column_name, min_value, max_value) %}

select *
from {{ model }}
where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}

{% endtest %}
