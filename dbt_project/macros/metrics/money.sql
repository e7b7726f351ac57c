{#
    Amount in minor units (cents, satang) → currency units, by the currency's ISO 4217 exponent
    (seed `currencies`): 12345 THB minor units with exponent 2 → 123.45. Null exponent (currency
    missing from the seed) gives null, which the staging relationship test reports.
#}
{% macro from_minor_units(amount, exponent) -%}
    cast({{ amount }} / power(10, {{ exponent }}) as decimal(38, 9))
{%- endmacro %}
