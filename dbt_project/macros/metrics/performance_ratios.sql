{#
    The five delivery ratios every ad-performance mart carries, from its standard columns
    (spend, impressions, clicks, conversions, conversion_value). Each is null when its
    denominator is 0; ctr is a fraction (0.0123), not a percentage. See docs block
    `performance_ratios`.
#}
{% macro performance_ratios() -%}
    cast({{ safe_divide('clicks', 'impressions') }} as decimal(38, 9)) as ctr,
    cast({{ safe_divide('spend', 'clicks') }} as decimal(38, 9)) as cpc,
    cast({{ safe_divide('spend * 1000', 'impressions') }} as decimal(38, 9)) as cpm,
    cast({{ safe_divide('conversion_value', 'spend') }} as decimal(38, 9)) as roas,
    cast({{ safe_divide('spend', 'conversions') }} as decimal(38, 9)) as cpa
{%- endmacro %}
