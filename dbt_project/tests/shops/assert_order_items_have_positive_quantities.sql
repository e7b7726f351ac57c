-- Invariant: every order line sold at least one unit. Returns the lines that did not.
select
    order_line_id,
    platform,
    order_id,
    quantity
from {{ ref('fct_order_items') }}
where quantity is null or quantity <= 0
