{#- The table is absent until the first file of its kind arrives: read it as empty then
    (DECISIONLOG.md, "File sources are optional"). -#}
{%- set source_relation = source('files', 'file_scans_daily') -%}
{%- set source_exists = (load_relation(source_relation) is not none) if execute else true -%}

with

source as (
    {%- if source_exists %}
    select * from {{ source_relation }}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as master_sku,
        cast(null as {{ dbt.type_string() }}) as feed,
        cast(null as {{ dbt.type_string() }}) as region,
        cast(null as {{ dbt.type_string() }}) as sku,
        cast(null as {{ dbt.type_string() }}) as product_name,
        cast(null as {{ dbt.type_string() }}) as account_timezone,
        cast(null as {{ dbt.type_bigint() }}) as scans,
        cast(null as {{ dbt.type_string() }}) as source_file_hash,
        cast(null as {{ dbt.type_string() }}) as _source,
        cast(null as {{ dbt.type_bigint() }}) as source_file_line,
        cast(null as date) as date_day,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
    limit 0
    {%- endif %}
),

final as (
    select
        master_sku,
        feed,
        region,
        sku,
        product_name,
        account_timezone,
        scans,
        source_file_hash,
        _source as source_file_name,
        source_file_line,
        date_day,
        _loaded_at as loaded_at
    from source
)

select * from final
