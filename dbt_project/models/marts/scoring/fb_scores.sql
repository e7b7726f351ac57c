{#-
    FB score — the product spec's score of a Meta ad (docs block `fb_score`). Settings come from
    var `fb_score` (defaults in dbt_project.yml = the `fb_score:` section of config/scoring.yml).
-#}
{%- set settings = var('fb_score') -%}
{%- set window_days = settings['window_days'] | int -%}
{%- set baseline_days = settings['baseline_days'] | int -%}
{%- set weights = settings['weights'] -%}
{%- set components = [
    {'name': 'ctr', 'lower_is_better': false},
    {'name': 'cpc', 'lower_is_better': true},
    {'name': 'cost_per_result', 'lower_is_better': true},
    {'name': 'roas', 'lower_is_better': false},
    {'name': 'frequency', 'lower_is_better': true},
    {'name': 'thruplay_rate', 'lower_is_better': false},
] -%}
{%- if (weights.keys() | sort | list) != (components | map(attribute='name') | sort | list) -%}
    {{ exceptions.raise_compiler_error(
        "fb_score.weights must have exactly the keys "
        ~ (components | map(attribute='name') | join(', ')) ~ "; got " ~ (weights.keys() | join(', '))) }}
{%- endif -%}
{%- if ((weights.values() | sum) - 1) | abs > 0.000001 or window_days < 1 or baseline_days < 1 -%}
    {{ exceptions.raise_compiler_error(
        "fb_score: weights must sum to 1 and windows be >= 1 day; got " ~ settings) }}
{%- endif -%}

{{
    config(
        materialized='incremental',
        incremental_strategy=window_incremental_strategy(),
        unique_key='ad_performance_id',
        partition_by=day_partitioning('date_day'),
        partitions=window_partitions(),
        cluster_by=['account_id'],
        pre_hook="{{ delete_incremental_window('date_day') }}",
        on_schema_change='fail',
        contract={'enforced': true},
    )
}}

with

-- A score on day D reads the ad's last window_days days, each compared with the account's
-- ad-days of the baseline_days days up to D: read that much before the partition window.
ad_performance as (
    select
        ad_performance_id,
        account_id,
        campaign_id,
        ad_group_id,
        ad_id,
        account_name,
        campaign_name,
        ad_group_name,
        ad_name,
        spend,
        impressions,
        clicks,
        reach,
        conversions,
        conversion_value,
        video_views,
        video_thruplays,
        date_day
    from {{ ref('fct_ad_performance_daily') }}
    where
        platform = 'meta'
        and reporting_level = 'ad'
        and {{ date_window_filter('date_day', lookback_days=window_days + baseline_days - 2) }}
),

trailing_sums as (
    select
        ad_performance_id,
        account_id,
        campaign_id,
        ad_group_id,
        ad_id,
        account_name,
        campaign_name,
        ad_group_name,
        ad_name,
        {{ day_number('date_day') }} as day_number,
        sum(spend) over trailing_window as trailing_spend,
        sum(impressions) over trailing_window as trailing_impressions,
        sum(clicks) over trailing_window as trailing_clicks,
        sum(reach) over trailing_window as trailing_reach,
        sum(conversions) over trailing_window as trailing_conversions,
        sum(conversion_value) over trailing_window as trailing_conversion_value,
        sum(video_views) over trailing_window as trailing_video_views,
        sum(video_thruplays) over trailing_window as trailing_video_thruplays,
        date_day
    from ad_performance
    window trailing_window as (
        partition by account_id, ad_id
        order by {{ day_number('date_day') }}
        range between {{ window_days - 1 }} preceding and current row
    )
),

-- Null means "no data": the component drops out and its weight goes to the others.
metrics as (
    select
        *,
        {{ safe_divide('trailing_clicks', 'trailing_impressions') }} as ctr,
        {{ safe_divide('trailing_spend', 'trailing_clicks') }} as cpc,
        {{ safe_divide('trailing_spend', 'trailing_conversions') }} as cost_per_result,
        {{ safe_divide('trailing_conversion_value', 'trailing_spend') }} as roas,
        {{ safe_divide('trailing_impressions', 'trailing_reach') }} as frequency,
        case
            when trailing_video_views > 0 or trailing_video_thruplays > 0
                then {{ safe_divide('trailing_video_thruplays', 'trailing_impressions') }}
        end as thruplay_rate
    from trailing_sums
),

scored_days as (
    select *
    from metrics
    where {{ date_window_filter('date_day') }}
),

-- Mid-rank percentile of each metric among the account's ad-days in the baseline window
-- (the scored ad-day included): (values below + half the values equal) / values.
percentiles as (
    select
        scored_days.ad_performance_id,
        {%- for component in components %}
        sum(
            case
                when baseline.{{ component.name }} < scored_days.{{ component.name }} then 1.0
                when baseline.{{ component.name }} = scored_days.{{ component.name }} then 0.5
                else 0.0
            end
        ) / nullif(count(baseline.{{ component.name }}), 0) as {{ component.name }}_percentile
        {{- "," if not loop.last }}
        {%- endfor %}
    from scored_days
    inner join metrics as baseline
        on
            scored_days.account_id = baseline.account_id
            and baseline.day_number between scored_days.day_number - {{ baseline_days - 1 }}
            and scored_days.day_number
    group by scored_days.ad_performance_id
),

component_scores as (
    select
        scored_days.*,
        {%- for component in components %}
        case
            when scored_days.{{ component.name }} is not null
                then {{ '1 - ' if component.lower_is_better }}percentiles.{{ component.name }}_percentile
        end as {{ component.name }}_score
        {{- "," if not loop.last }}
        {%- endfor %}
    from scored_days
    inner join percentiles
        on scored_days.ad_performance_id = percentiles.ad_performance_id
),

weighted as (
    select
        *,
        {%- for component in components %}
        coalesce({{ weights[component.name] }} * {{ component.name }}_score, 0)
        {{- " +" if not loop.last }}
        {%- endfor %} as weighted_score_sum,
        {%- for component in components %}
        case when {{ component.name }}_score is not null then {{ weights[component.name] }} else 0 end
        {{- " +" if not loop.last }}
        {%- endfor %} as weight_used,
        rtrim(
            {%- for component in components %}
            case when {{ component.name }}_score is not null then '{{ component.name }},' else '' end
            {{- " ||" if not loop.last }}
            {%- endfor %},
            ','
        ) as components_used
    from component_scores
),

final as (
    select
        ad_performance_id,
        account_id,
        campaign_id,
        ad_group_id,
        ad_id,
        account_name,
        campaign_name,
        ad_group_name,
        ad_name,
        cast(nullif(components_used, '') as string) as components_used,
        cast(round(100 * {{ safe_divide('weighted_score_sum', 'weight_used') }}, 2) as decimal(38, 9))
            as fb_score,
        cast(weight_used as decimal(38, 9)) as weight_used,
        {%- for component in components %}
        cast({{ component.name }}_score as decimal(38, 9)) as {{ component.name }}_score,
        {%- endfor %}
        {%- for component in components %}
        cast({{ component.name }} as decimal(38, 9)) as {{ component.name }},
        {%- endfor %}
        cast(trailing_spend as decimal(38, 9)) as trailing_spend,
        cast(trailing_impressions as bigint) as trailing_impressions,
        cast(trailing_clicks as bigint) as trailing_clicks,
        cast(trailing_reach as bigint) as trailing_reach,
        cast(trailing_conversions as decimal(38, 9)) as trailing_conversions,
        cast(trailing_conversion_value as decimal(38, 9)) as trailing_conversion_value,
        cast(trailing_video_views as bigint) as trailing_video_views,
        cast(trailing_video_thruplays as bigint) as trailing_video_thruplays,
        date_day
    from weighted
)

select * from final
