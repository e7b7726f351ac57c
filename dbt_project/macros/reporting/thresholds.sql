{#
    One threshold of var `alert_rules` for the ad account in `account_column`: the account's
    override when it has one (config/rules.yml, buyer and account layers already merged by
    config/alert_rules.py), else the default. Renders a CASE over the (few) overridden accounts.
#}
{% macro alert_threshold(key, account_column=none) -%}
    {%- set rules = var('alert_rules') -%}
    {%- set default = rules['thresholds'][key] -%}
    {%- set overrides = [] -%}
    {%- if account_column is not none -%}
        {%- for account_id, over in (rules.get('accounts') or {}).items() | sort -%}
            {%- if key in over -%}
                {%- do overrides.append((account_id, over[key])) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if overrides -%}
        cast(case {{ account_column }}
        {%- for account_id, value in overrides %} when '{{ account_id }}' then {{ value }}{% endfor %}
        else {{ default }} end as decimal(38, 9))
    {%- else -%}
        cast({{ default }} as decimal(38, 9))
    {%- endif -%}
{%- endmacro %}

{#- The media buyer of the ad account in `account_column` (var `account_owners`), else null. -#}
{% macro account_owner(account_column) -%}
    {%- set owners = var('account_owners') or {} -%}
    {%- if owners -%}
        case {{ account_column }}
        {%- for account_id, owner in owners.items() | sort %} when '{{ account_id }}' then '{{ owner }}'{% endfor %}
        end
    {%- else -%}
        cast(null as string)
    {%- endif -%}
{%- endmacro %}

{#-
    The product group in a campaign name that follows "<country> | <product group> | <mode> |
    <name>": its second `|`-separated part, trimmed and lowercased; null otherwise. The same rule
    as the optimizer's dim_budget_owners.
-#}
{% macro campaign_name_product_group(name_expr) -%}
    case
        when strpos(substr({{ name_expr }}, strpos({{ name_expr }}, '|') + 1), '|') > 0
            and strpos({{ name_expr }}, '|') > 0
            then lower(trim(substr(
                substr({{ name_expr }}, strpos({{ name_expr }}, '|') + 1),
                1,
                strpos(substr({{ name_expr }}, strpos({{ name_expr }}, '|') + 1), '|') - 1
            )))
    end
{%- endmacro %}

{#- The largest value of threshold `key` over the default and every account override (a number,
    for Jinja): e.g. how many days before a window a streak rule reads. -#}
{% macro alert_threshold_max(key) -%}
    {%- set rules = var('alert_rules') -%}
    {%- set values = [rules['thresholds'][key]] -%}
    {%- for over in (rules.get('accounts') or {}).values() if key in over -%}
        {%- do values.append(over[key]) -%}
    {%- endfor -%}
    {{ return(values | max) }}
{%- endmacro %}
