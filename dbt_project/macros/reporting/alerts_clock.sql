{#
    The alerts' clock. A day is evaluated once it is over in its account's (shop's) time zone:
    `date_day < alerts_local_today(account_timezone)`. The clock is var `alerts_as_of` (a UTC ISO
    timestamp, for reproducible runs and tests), else the warehouse's current time.
#}
{% macro alerts_local_today(timezone_expr) -%}
    {%- set as_of = var('alerts_as_of', none) -%}
    {%- if as_of is none -%}
        {{ local_date_of('current_timestamp', timezone_expr) }}
    {%- else -%}
        {{ local_date_of("cast('" ~ (as_of | string | replace('T', ' ') | replace('Z', '')) ~ "' as timestamp)", timezone_expr) }}
    {%- endif -%}
{%- endmacro %}

{#- The calendar day in an IANA time zone (a column) of a UTC timestamp. -#}
{% macro local_date_of(timestamp_expr, timezone_expr) -%}
    {{ return(adapter.dispatch('local_date_of')(timestamp_expr, timezone_expr)) }}
{%- endmacro %}

{% macro default__local_date_of(timestamp_expr, timezone_expr) -%}
    cast(timezone(coalesce({{ timezone_expr }}, 'UTC'), cast({{ timestamp_expr }} as timestamptz)) as date)
{%- endmacro %}

{% macro bigquery__local_date_of(timestamp_expr, timezone_expr) -%}
    date(cast({{ timestamp_expr }} as timestamp), coalesce({{ timezone_expr }}, 'UTC'))
{%- endmacro %}

{#- A number as display text with `decimals` places (titles and descriptions of alerts). -#}
{% macro display_number(expr, decimals=2) -%}
    cast(cast(round({{ expr }}, {{ decimals }}) as decimal(20, {{ decimals }})) as string)
{%- endmacro %}

{#- Post-hook of alerts on windowed runs: rows outside the window keep the is_current of the run
    that wrote them, so clear it on those that can no longer be any object's last complete day —
    older than yesterday in the time zone furthest behind UTC (Etc/GMT+12 is UTC−12) at the
    clock. The window's own rows were just evaluated. No-op on full builds. -#}
{% macro clear_stale_current_alerts() -%}
    {%- if is_incremental() and date_window() is not none -%}
        update {{ this }}
        set is_current = false
        where
            is_current
            and date_day < {{ shift_date(alerts_local_today("'Etc/GMT+12'"), -1) }}
            and not ({{ date_window_filter('date_day') }})
    {%- endif -%}
{%- endmacro %}

{#- Post-hook of int_alerts__condition_streaks on windowed runs. The model counts each streak
    from its first day inside the window; a streak that also held on the day before the window
    continues there: its rows take that day's condition_started_on (so the alert keeps its
    alert_id) and add that day's days_in_condition. Reads this table's rows of one day; runs at
    execution only (an offline compile makes no warehouse call). No-op on full builds. -#}
{% macro continue_condition_streaks() -%}
    {%- set window = date_window() -%}
    {%- if is_incremental() and window is not none -%}
        {%- set first_day = "cast('" ~ window.min_date ~ "' as date)" -%}
        update {{ this }} as streaks
        set
            condition_started_on = carried.condition_started_on,
            days_in_condition = streaks.days_in_condition + carried.days_in_condition,
            alert_id = {{ alert_id('streaks.', 'carried.condition_started_on') }},
            alert_evaluation_id = {{ alert_evaluation_id('streaks.', 'carried.condition_started_on', 'streaks.date_day') }}
        from (
            select
                alert_type,
                object_level,
                platform,
                object_id,
                condition_started_on,
                days_in_condition
            from {{ this }}
            where date_day = {{ shift_date(first_day, -1) }}
        ) as carried
        where
            {{ date_window_filter('streaks.date_day') }}
            and streaks.condition_started_on = {{ first_day }}
            and streaks.alert_type = carried.alert_type
            and streaks.object_level = carried.object_level
            and coalesce(streaks.platform, '') = coalesce(carried.platform, '')
            and streaks.object_id = carried.object_id
    {%- endif -%}
{%- endmacro %}
