{# Invariant: the column is never below zero (spend, budgets, counts). #}
{% test non_negative(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} < 0

{% endtest %}
