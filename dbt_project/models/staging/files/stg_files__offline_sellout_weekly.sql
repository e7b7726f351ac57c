{#- The table is absent until the first file of its kind arrives: read it as empty then
    (DECISIONLOG.md, "File sources are optional"). -#}
{%- set source_relation = source('files', 'file_offline_sellout_weekly') -%}
{%- set source_exists = (load_relation(source_relation) is not none) if execute else true -%}

with

source as (
    {%- if source_exists %}
    select * from {{ source_relation }}
    {%- else %}
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
    {%- endif %}
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
        cast({{ dbt.dateadd('day', 6, 'week_start') }} as date) as week_end,
        _loaded_at as loaded_at
    from source
)

select * from final
