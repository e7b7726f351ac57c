{#
    Every non-null combination of `columns` in the model exists in `to` (same column names):
    the composite-key form of dbt's `relationships`, for keys such as (platform, account_id).
#}
{% test relationships_composite(model, to, columns) %}

with

child as (
    select distinct {{ columns | join(', ') }}
    from {{ model }}
    where {% for column in columns %}{{ column }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
),

parent as (
    select distinct {{ columns | join(', ') }}
    from {{ to }}
)

select child.*
from child
left join parent
    on {% for column in columns %}child.{{ column }} = parent.{{ column }}{% if not loop.last %} and {% endif %}{% endfor %}
where parent.{{ columns[0] }} is null

{% endtest %}
