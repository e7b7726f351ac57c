{#
    The columns together identify a row: no combination appears twice. Nulls compare equal
    (GROUP BY semantics), so a composite key with a nullable part is still checked.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

select
    {{ combination_of_columns | join(', ') }},
    count(*) as row_count
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1

{% endtest %}
