{#
    The reporting marts' money columns are `_thb`: amounts converted with seeds/fx_rates.csv, which
    holds THB per unit of each currency. Var `reporting_currency` (default THB, passed by the
    orchestration from config/accounts.yml `reporting_currency`) names the currency the marts
    report in; any other value stops the build here instead of filling `_thb` columns with
    another currency (DECISIONLOG "Reporting marts"). Call it at the top of every reporting mart.
#}
{% macro assert_reporting_currency_is_thb() -%}
    {%- set currency = var('reporting_currency', 'THB') | string | upper -%}
    {%- if currency != 'THB' -%}
        {{ exceptions.raise_compiler_error(
            "reporting_currency is " ~ currency ~ ": the reporting marts report in THB only "
            ~ "(their money columns are *_thb and seeds/fx_rates.csv is THB per unit). Reporting "
            ~ "in another currency needs an FX seed quoted in it and renamed columns.") }}
    {%- endif -%}
{%- endmacro %}
