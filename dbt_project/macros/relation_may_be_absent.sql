{#
    Whether a raw or ops table may be missing when dbt runs, so that a model reading it must
    look it up and stand in an empty relation (`google_ads_source`, `shops_source`,
    `tiktok_source`, the file staging models, `optimizer_ops_exist`).

    DuckDB (the embedded default): yes — each source's tables appear with its first sync, and a
    warehouse built before that (a fresh clone, another source's test scenario) must still build.
    BigQuery: no — every raw and ops table is created up front from `sql/raw/*.sql` and
    `sql/ops/*.sql` (README "Run on BigQuery"), so no lookup is made: a lookup is an API call
    per table, and `dbt compile` must work offline (tests/dbt/test_dbt_project.py).
#}
{% macro relation_may_be_absent() -%}
    {{ return(adapter.dispatch('relation_may_be_absent')()) }}
{%- endmacro %}

{% macro default__relation_may_be_absent() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro bigquery__relation_may_be_absent() -%}
    {{ return(false) }}
{%- endmacro %}

{#
    Whether `relation` is missing from the warehouse right now: only ever true where tables may
    be absent (DuckDB) and a lookup finds none. The one existence check of the empty stand-ins.
    `adapter.get_relation is defined`: sqlfluff's lint shim has an adapter without a relation
    cache (lint renders as if the table exists).
#}
{% macro relation_is_missing(relation) -%}
    {%- if execute is not sameas true or adapter.get_relation is not defined
        or not relation_may_be_absent() -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) is none) }}
{%- endmacro %}
