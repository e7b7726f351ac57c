{#
    The partition window of an incremental run: account-local days, inclusive. Dagster passes it
    in the dbt process's environment, ADPILOT_WINDOW_MIN_DATE / ADPILOT_WINDOW_MAX_DATE
    ("YYYY-MM-DD"); a person may pass --vars '{"min_date": ..., "max_date": ...}' instead (vars
    win over the environment). Without either a run processes every day. Everything
    warehouse-specific about writing a window lives in the dispatched macros below; models only
    call them.

    Why the environment: a sync's window changes every run, and dbt re-parses the whole project
    whenever --vars change (about 7 s here), but keeps its partial parse when an environment
    variable changes, re-parsing only the files whose parse read it
    (docs.getdbt.com/reference/parsing#partial-parsing). On DuckDB nothing the parser keeps
    depends on the window — the window is read when the SQL, hooks and tests are rendered for
    execution — so the parse does not read the variables at all (window_known_at_parse) and a
    sync re-uses the previous run's parse as is. BigQuery's static insert_overwrite partitions are
    model config, fixed at parse: there the parse reads the variables and dbt re-parses the
    files that did (DECISIONLOG 25).

    Contract of a windowed model: after a run for [min_date, max_date] the target's rows for the
    window equal a full rebuild's rows for the window — including rows that no longer exist
    upstream (a day with no delivery any more). A windowed model writes only rows of its window.
    DuckDB: the pre-hook deletes the whole window, then the new rows are appended. BigQuery:
    insert_overwrite replaces the window's partitions, listed statically (cheaper than the
    dynamic form, and the form the emulators support).
#}

{% macro date_window(lookback_days=0) -%}
    {#- {'min_date': date, 'max_date': date} or none; min_date moved back by lookback_days. -#}
    {%- set min_var = var('min_date', none) -%}
    {%- set max_var = var('max_date', none) -%}
    {%- if min_var is none and max_var is none and (execute or window_known_at_parse()) -%}
        {%- set min_var = env_var('ADPILOT_WINDOW_MIN_DATE', '') or none -%}
        {%- set max_var = env_var('ADPILOT_WINDOW_MAX_DATE', '') or none -%}
    {%- endif -%}
    {%- if min_var is none and max_var is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if min_var is none or max_var is none -%}
        {{ exceptions.raise_compiler_error(
            "Pass both min_date and max_date, or both ADPILOT_WINDOW_MIN_DATE and "
            ~ "ADPILOT_WINDOW_MAX_DATE (got min_date=" ~ min_var ~ ", max_date=" ~ max_var ~ ")") }}
    {%- endif -%}
    {%- set parse = modules.datetime.date.fromisoformat -%}
    {%- set min_date = parse(min_var | string) -%}
    {%- set max_date = parse(max_var | string) -%}
    {%- if max_date < min_date -%}
        {{ exceptions.raise_compiler_error(
            "max_date " ~ max_date ~ " is before min_date " ~ min_date) }}
    {%- endif -%}
    {{ return({
        'min_date': min_date - modules.datetime.timedelta(days=lookback_days),
        'max_date': max_date,
    }) }}
{%- endmacro %}

{% macro window_known_at_parse() -%}
    {#- Whether the parse must know the window: only where model config depends on it. -#}
    {{ return(adapter.dispatch('window_known_at_parse')()) }}
{%- endmacro %}

{% macro default__window_known_at_parse() -%}
    {{ return(false) }}
{%- endmacro %}

{% macro bigquery__window_known_at_parse() -%}
    {#- window_partitions() and ga4_session_partitions() are config: fixed at parse. -#}
    {{ return(true) }}
{%- endmacro %}

{% macro date_window_filter(column, lookback_days=0) -%}
    {#- SQL predicate: `column` inside the window (widened back by lookback_days); `true` without one. -#}
    {%- set window = date_window(lookback_days) -%}
    {%- if window is none -%}
        true
    {%- else -%}
        {{ column }} between cast('{{ window.min_date }}' as date) and cast('{{ window.max_date }}' as date)
    {%- endif -%}
{%- endmacro %}

{# -- incremental strategy ------------------------------------------------------------------- #}

{% macro window_incremental_strategy() -%}
    {{ return(adapter.dispatch('window_incremental_strategy')()) }}
{%- endmacro %}

{% macro default__window_incremental_strategy() -%}
    {#- append, not delete+insert: the pre-hook has already deleted the window, and
        delete+insert would delete by key again, a join of the new keys with every key of the
        table — a cost that grows with history. -#}
    {{ return('append') }}
{%- endmacro %}

{% macro bigquery__window_incremental_strategy() -%}
    {{ return('insert_overwrite') }}
{%- endmacro %}

{# -- window delete (pre-hook) --------------------------------------------------------------- #}

{% macro delete_incremental_window(column) -%}
    {{ return(adapter.dispatch('delete_incremental_window')(column)) }}
{%- endmacro %}

{% macro default__delete_incremental_window(column) -%}
    {#- Delete the whole window before appending its new rows, so rows that vanished upstream
        vanish here too. Runs inside the model's transaction. -#}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ date_window_filter(column) }}
    {%- endif -%}
{%- endmacro %}

{% macro bigquery__delete_incremental_window(column) -%}
    {#- insert_overwrite already replaces every listed partition, rows or not. -#}
{%- endmacro %}

{# -- partitioning ---------------------------------------------------------------------------- #}

{% macro day_partitioning(column) -%}
    {{ return(adapter.dispatch('day_partitioning')(column)) }}
{%- endmacro %}

{% macro default__day_partitioning(column) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro bigquery__day_partitioning(column) -%}
    {{ return({'field': column, 'data_type': 'date', 'granularity': 'day'}) }}
{%- endmacro %}

{% macro window_partitions() -%}
    {{ return(adapter.dispatch('window_partitions')()) }}
{%- endmacro %}

{% macro default__window_partitions() -%}
    {{ return(none) }}
{%- endmacro %}

{% macro bigquery__window_partitions() -%}
    {#- Static partition list, one date() per day of the window. Without a window: none, so
        insert_overwrite falls back to replacing the partitions present in the new rows. -#}
    {%- set window = date_window() -%}
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

{# -- the config of a windowed model ---------------------------------------------------------- #}

{% macro window_incremental_config(unique_key, cluster_by, column='date_day') -%}
    {#- The config() of a model written by partition window on `column` (a date): incremental
        with the warehouse's window strategy and static partitions, the window deleted first on
        DuckDB, day partitions and `cluster_by` on BigQuery, the contract enforced, and its data
        tests filtered to the window on windowed runs (meta.window_column, window_tests.sql).
        Use: {{ config(**window_incremental_config('<key column>', ['<cluster>', ...])) }} -#}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': window_incremental_strategy(),
        'unique_key': unique_key,
        'partition_by': day_partitioning(column),
        'partitions': window_partitions(),
        'cluster_by': cluster_by,
        'pre_hook': "{{ delete_incremental_window('" ~ column ~ "') }}",
        'on_schema_change': 'fail',
        'contract': {'enforced': true},
        'meta': {'window_column': column},
    }) }}
{%- endmacro %}
