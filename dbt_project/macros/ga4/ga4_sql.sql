{#
    Small dialect differences the GA4 models need, dispatched (DuckDB is `default__`):

    - ga4_timestamp_from_micros(col): `event_timestamp` (microseconds since the epoch, UTC) as a
      UTC timestamp;
    - ga4_url_host(col) / ga4_url_path(col): host and path of a URL (`https://a.b/c/d?x#y` →
      `a.b`, `/c/d`); NULL for text that is not an absolute URL (GA4 placeholders stay NULL);
    - ga4_regexp_matches(expr, pattern): RE2 search (anchor the pattern to match whole values);
    - ga4_first_value(expr, partition_by, order_by): the first non-null `expr` of a partition in
      `order_by` order, on every row (a window function; the same SQL on both warehouses, and the
      form the local BigQuery emulator translates — ARRAY_AGG(... IGNORE NULLS ... LIMIT 1) it
      does not);
    - ga4_date_suffix(col): a date as the export's table suffix `YYYYMMDD`.
#}
{% macro ga4_timestamp_from_micros(col) -%}
    {{ return(adapter.dispatch('ga4_timestamp_from_micros')(col)) }}
{%- endmacro %}
{% macro default__ga4_timestamp_from_micros(col) -%} make_timestamptz({{ col }}) {%- endmacro %}
{% macro bigquery__ga4_timestamp_from_micros(col) -%} timestamp_micros({{ col }}) {%- endmacro %}

{% macro ga4_url_host(col) -%}
    {{ return(adapter.dispatch('ga4_url_host')(col)) }}
{%- endmacro %}
{% macro default__ga4_url_host(col) -%}
    nullif(regexp_extract({{ col }}, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)', 1), '')
{%- endmacro %}
{% macro bigquery__ga4_url_host(col) -%}
    regexp_extract({{ col }}, r'^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)')
{%- endmacro %}

{% macro ga4_url_path(col) -%}
    {{ return(adapter.dispatch('ga4_url_path')(col)) }}
{%- endmacro %}
{% macro default__ga4_url_path(col) -%}
    case when regexp_matches({{ col }}, '^[a-zA-Z][a-zA-Z0-9+.-]*://')
        then coalesce(nullif(regexp_extract({{ col }}, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+([^?#]*)', 1), ''), '/')
    end
{%- endmacro %}
{% macro bigquery__ga4_url_path(col) -%}
    case when regexp_contains({{ col }}, r'^[a-zA-Z][a-zA-Z0-9+.-]*://')
        then coalesce(nullif(regexp_extract({{ col }}, r'^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+([^?#]*)'), ''), '/')
    end
{%- endmacro %}

{% macro ga4_regexp_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('ga4_regexp_matches')(expr, pattern)) }}
{%- endmacro %}
{% macro default__ga4_regexp_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, '{{ pattern }}')
{%- endmacro %}
{% macro bigquery__ga4_regexp_matches(expr, pattern) -%}
    regexp_contains({{ expr }}, r'{{ pattern }}')
{%- endmacro %}

{% macro ga4_first_value(expr, partition_by='session_id', order_by='event_at, event_id') -%}
    first_value({{ expr }} ignore nulls) over (
        partition by {{ partition_by }} order by {{ order_by }}
        rows between unbounded preceding and unbounded following
    )
{%- endmacro %}

{% macro ga4_date_suffix(col) -%}
    {{ return(adapter.dispatch('ga4_date_suffix')(col)) }}
{%- endmacro %}
{% macro default__ga4_date_suffix(col) -%} strftime({{ col }}, '%Y%m%d') {%- endmacro %}
{% macro bigquery__ga4_date_suffix(col) -%} format_date('%Y%m%d', {{ col }}) {%- endmacro %}
