{#
    Salted sha256 of a buyer identifier, as 64 lower-case hex characters, or null when the value
    is null. The salt comes from the environment variable ADPILOT_PII_SALT (never from a file):
    without it the hashes of common names and e-mails could be reversed by a dictionary. On
    BigQuery (production) a missing salt stops compilation; on DuckDB (local development) a
    fixed development salt is used and logged.

    The salt appears in the compiled SQL, so models that hash are materialized as tables (a
    view would store the salt in its definition in the warehouse). See DECISIONLOG.md.
#}
{% macro shops_pii_salt() -%}
    {%- set salt = env_var('ADPILOT_PII_SALT', '') -%}
    {%- if not salt and target.type == 'bigquery' -%}
        {{ exceptions.raise_compiler_error(
            "ADPILOT_PII_SALT is not set: buyer identifiers cannot be hashed without a salt") }}
    {%- endif -%}
    {{ return(salt or 'adpilot-local-development-salt') }}
{%- endmacro %}

{% macro shops_pii_hash(expression) -%}
    {{ return(adapter.dispatch('shops_pii_hash')(expression)) }}
{%- endmacro %}

{% macro default__shops_pii_hash(expression) -%}
    sha256('{{ shops_pii_salt() }}' || {{ expression }})
{%- endmacro %}

{% macro bigquery__shops_pii_hash(expression) -%}
    to_hex(sha256('{{ shops_pii_salt() }}' || {{ expression }}))
{%- endmacro %}
