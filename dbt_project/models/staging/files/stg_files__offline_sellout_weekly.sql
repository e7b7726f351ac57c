{#- The table is absent until the first file of its kind arrives: read it as an empty relation
    of the same columns then (DECISIONLOG.md 9). -#}
{%- set source_relation = source('files', 'file_offline_sellout_weekly') -%}
{%- if not relation_is_missing(source_relation) -%}
    {%- set source_sql = source_relation -%}
{%- else -%}
    {%- set source_sql -%}
    (
        select
            cast(null as {{ dbt.type_string() }}) as store_id,
            cast(null as {{ dbt.type_string() }}) as master_sku,
            cast(null as {{ dbt.type_string() }}) as retailer,
            cast(null as {{ dbt.type_string() }}) as store_name,
            cast(null as {{ dbt.type_string() }}) as sku,
            cast(null as {{ dbt.type_string() }}) as product_name,
            cast(null as {{ dbt.type_string() }}) as currency_code,
            cast(null as {{ dbt.type_string() }}) as account_timezone,
            cast(null as {{ dbt.type_bigint() }}) as units,
            cast(null as decimal(38, 9)) as sales,
            cast(null as {{ dbt.type_string() }}) as source_file_hash,
            cast(null as {{ dbt.type_string() }}) as _source,
            cast(null as {{ dbt.type_bigint() }}) as source_file_line,
            cast(null as date) as week_start,
            cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
        limit 0
    )
    {%- endset -%}
{%- endif %}

with

source as (
    select * from {{ source_sql }}
    where {{ all_partitions('week_start') }}
),

final as (
    select
        store_id,
        master_sku,
        retailer,
        store_name,
        sku,
        product_name,
        currency_code,
        account_timezone,
        units,
        sales,
        source_file_hash,
        _source as source_file_name,
        source_file_line,
        week_start,
        cast(date_add(week_start, interval 6 day) as date) as week_end,
        _loaded_at as loaded_at
    from source
)

select * from final
