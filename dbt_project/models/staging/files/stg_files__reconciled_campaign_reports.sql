{#- The table is absent until the first file of its kind arrives: read it as an empty relation
    of the same columns then (DECISIONLOG.md 9). -#}
{%- set source_relation = source('files', 'file_reconciled_campaign_reports') -%}
{%- if not relation_is_missing(source_relation) -%}
    {%- set source_sql = source_relation -%}
{%- else -%}
    {%- set source_sql -%}
    (
        select
            cast(null as {{ dbt.type_string() }}) as campaign_id,
            cast(null as {{ dbt.type_string() }}) as account_id,
            cast(null as {{ dbt.type_string() }}) as platform,
            cast(null as {{ dbt.type_string() }}) as campaign_name,
            cast(null as {{ dbt.type_string() }}) as owner,
            cast(null as {{ dbt.type_string() }}) as category,
            cast(null as {{ dbt.type_string() }}) as currency_code,
            cast(null as {{ dbt.type_string() }}) as account_timezone,
            cast(null as decimal(38, 9)) as spend,
            cast(null as decimal(38, 9)) as revenue,
            cast(null as decimal(38, 9)) as margin,
            cast(null as {{ dbt.type_string() }}) as source_file_hash,
            cast(null as {{ dbt.type_string() }}) as _source,
            cast(null as {{ dbt.type_bigint() }}) as source_file_line,
            cast(null as date) as date_day,
            cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
        limit 0
    )
    {%- endset -%}
{%- endif %}

with

source as (
    select * from {{ source_sql }}
),

final as (
    select
        campaign_id,
        account_id,
        lower(platform) as platform,
        campaign_name,
        lower(owner) as owner,
        lower(category) as category,
        currency_code,
        account_timezone,
        spend,
        revenue,
        margin,
        source_file_hash,
        _source as source_file_name,
        source_file_line,
        date_day,
        _loaded_at as loaded_at
    from source
)

select * from final
