{#
    The window of the incremental session model (int_ga4__sessions), from the run's partition
    window [min_date, max_date] (property-local days, --vars from Dagster):

    - sessions rebuilt: those that start on a day in [min_date - 1, max_date]. The day before the
      window is included because a session that began before midnight may have events on the
      window's first day (GA4 splits them over two daily tables); every session touching the
      window is therefore recomputed from all of its events;
    - events read: [min_date - 1, max_date + 1] (a session runs past midnight at most once; the
      30-minute timeout makes longer ones vanishingly rare), filtered on the export table suffix
      too so BigQuery reads only those daily tables;
    - replaced: the sessions of [min_date - 1, max_date] — deleted first on DuckDB (so a session
      that vanished upstream vanishes here), listed as static partitions for insert_overwrite on
      BigQuery.

    Without the vars every event is read and every session rebuilt.
#}
{% macro ga4_event_window_filter(date_column='event_date', suffix_column='export_table_suffix') -%}
    {%- set window = date_window(1) -%}
    {%- if window is none -%}
        true
    {%- else -%}
        {%- set last = window.max_date + modules.datetime.timedelta(days=1) -%}
        {{ date_column }} between cast('{{ window.min_date }}' as date) and cast('{{ last }}' as date)
        and {{ suffix_column }} between '{{ window.min_date.strftime("%Y%m%d") }}' and '{{ last.strftime("%Y%m%d") }}'
    {%- endif -%}
{%- endmacro %}

{% macro ga4_session_window_filter(column='session_date') -%}
    {{ date_window_filter(column, 1) }}
{%- endmacro %}

{% macro ga4_delete_session_window() -%}
    {{ return(adapter.dispatch('ga4_delete_session_window')()) }}
{%- endmacro %}

{% macro default__ga4_delete_session_window() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ date_window_filter('session_date', 1) }}
    {%- endif -%}
{%- endmacro %}

{% macro bigquery__ga4_delete_session_window() -%}
    {#- insert_overwrite replaces every listed partition (ga4_session_partitions) -#}
{%- endmacro %}

{% macro ga4_session_partitions() -%}
    {{ return(adapter.dispatch('ga4_session_partitions')()) }}
{%- endmacro %}

{% macro default__ga4_session_partitions() -%}
    {{ return(none) }}
{%- endmacro %}

{% macro bigquery__ga4_session_partitions() -%}
    {%- set window = date_window(1) -%}
    {%- if window is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set partitions = [] -%}
    {%- for offset in range((window.max_date - window.min_date).days + 1) -%}
        {%- set day = window.min_date + modules.datetime.timedelta(days=offset) -%}
        {%- do partitions.append("date('" ~ day.isoformat() ~ "')") -%}
    {%- endfor -%}
    {{ return(partitions) }}
{%- endmacro %}
