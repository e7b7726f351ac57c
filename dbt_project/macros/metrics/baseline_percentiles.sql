{#
    baseline_percentiles — the percentile step shared by fb_scores and pfm_scores.

    A `select` of every column of `relation` (a CTE name) for its rows whose `date_day` is in the
    run's window (date_window_filter), plus one `<metric>_percentile` per metric: the mid-rank
    percentile of the row's metric among the non-null values of the rows with the same
    `partition_by` columns whose `day_number` is within the `baseline_days` days up to the row's
    (the row itself and its same-day peers included):

        (values below + half the values equal) / values        in [0, 1], null without values

    (mid-rank / "percentile rank" definition: Roscoe, Fundamental Research Statistics, 1975;
    the same quantity as the aggregate macro mid_rank_percentile). The value of a row whose metric
    is null is unspecified: callers null the component themselves.

    `relation` must hold every day the baselines need (the window widened back by
    baseline_days - 1) and the columns: keys (unique per row), partition_by, metrics,
    day_number, date_day.

    Two forms, the same numbers:
    - default (BigQuery): each scored row joined with its baseline rows, aggregated per key, and
      joined back to the row. Cost grows with rows × baseline rows per partition; BigQuery
      spreads it over slots.
    - DuckDB: framed window functions over the rows as they are, no join:
      rank(order by m) - 1 over the baseline frame is the values below (a window function with a
      secondary ordering, documented since DuckDB 1.3: a merge-sort tree, O(n log² n) instead of
      the join's O(n × baseline)); count(m) over the same frame partitioned by the value as well
      is the values equal (a plain sorted frame); count(m) over the frame is the values. A year
      of 10,000 Meta ads (2.7 M ad-days, 3 accounts) takes ~50 s instead of not finishing.
      (The equal count was cume_dist(order by m) × frame rows - below, a second merge-sort tree
      per metric; the value-partitioned count gives the same integers in 3/4 of the time.)
#}
{% macro baseline_percentiles(relation, keys, partition_by, metrics, baseline_days) -%}
    {{ return(adapter.dispatch('baseline_percentiles')(relation, keys, partition_by, metrics, baseline_days)) }}
{%- endmacro %}

{% macro default__baseline_percentiles(relation, keys, partition_by, metrics, baseline_days) -%}
    select
        scored_days.*,
        {%- for metric in metrics %}
        percentiles.{{ metric }}_percentile{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }} as scored_days
    inner join (
        select
            {%- for key in keys %}
            scored.{{ key }},
            {%- endfor %}
            {%- for metric in metrics %}
            {{ mid_rank_percentile('scored.' ~ metric, 'baseline.' ~ metric) }} as {{ metric }}_percentile
            {{- ',' if not loop.last }}
            {%- endfor %}
        from {{ relation }} as scored
        inner join {{ relation }} as baseline
            on
                {%- for column in partition_by %}
                scored.{{ column }} = baseline.{{ column }}
                and
                {%- endfor %}
                baseline.day_number between scored.day_number - {{ baseline_days - 1 }}
                and scored.day_number
        where {{ date_window_filter('scored.date_day') }}
        group by
            {%- for key in keys %}
            scored.{{ key }}{{ ',' if not loop.last }}
            {%- endfor %}
    ) as percentiles
        on
            {%- for key in keys %}
            scored_days.{{ key }} = percentiles.{{ key }}{{ ' and' if not loop.last }}
            {%- endfor %}
    where {{ date_window_filter('scored_days.date_day') }}
{%- endmacro %}

{% macro duckdb__baseline_percentiles(relation, keys, partition_by, metrics, baseline_days) -%}
    {#- Nulls sort last, so rank counts only non-null values below; the count over the frame
        of the rows with the same value (the row itself included) is the values equal:
        (2 × below + equal) / (2 × values). -#}
    select
        *,
        {%- for metric in metrics %}
        (
            2 * (rank(order by {{ metric }} asc nulls last) over baseline - 1)
            + count({{ metric }}) over (
                partition by {{ partition_by | join(', ') }}, {{ metric }}
                order by day_number
                range between {{ baseline_days - 1 }} preceding and current row
            )
        ) / (2.0 * nullif(count({{ metric }}) over baseline, 0)) as {{ metric }}_percentile
        {{- ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    {# The days before the window's earliest baseline (the relation may hold more, for its own
       trailing sums) are in no scored row's frame: leave them out of the sorts. #}
    where {{ date_window_filter('date_day', lookback_days=baseline_days - 1) }}
    window baseline as (
        partition by {{ partition_by | join(', ') }}
        order by day_number
        range between {{ baseline_days - 1 }} preceding and current row
    )
    {#- Filtered after the windows: the earlier days only feed the baselines. -#}
    qualify {{ date_window_filter('date_day') }}
{%- endmacro %}
