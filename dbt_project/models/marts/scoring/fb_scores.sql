{#-
    FB score — the product spec's score of a Meta ad (docs block `fb_score`). Settings come from
    var `fb_score` (defaults in dbt_project.yml = the `fb_score:` section of config/scoring.yml).
-#}
{%- set settings = var('fb_score') -%}
{%- set window_days = settings['window_days'] | int -%}
{%- set baseline_days = settings['baseline_days'] | int -%}
{%- set weights = settings['weights'] -%}
{%- set components = ['ctr', 'cpc', 'cost_per_result', 'roas', 'frequency', 'thruplay_rate'] -%}
{%- if (weights.keys() | sort | list) != (components | sort) -%}
    {{ exceptions.raise_compiler_error(
        "fb_score.weights must have exactly the keys " ~ (components | join(', '))
        ~ "; got " ~ (weights.keys() | join(', '))) }}
{%- endif -%}
{%- if ((weights.values() | sum) - 1) | abs > 0.000001 or window_days < 1 or baseline_days < 1 -%}
    {{ exceptions.raise_compiler_error(
        "fb_score: weights must sum to 1 and windows be >= 1 day; got " ~ settings) }}
{%- endif -%}

{{ config(**window_incremental_config('ad_performance_id', ['account_id'])) }}

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

-- The window's ad-days, each with the mid-rank percentile of each metric among the account's
-- ad-days in the baseline window (the scored ad-day included): (values below + half the values
-- equal) / values.
scored_days as (
    {{ baseline_percentiles(
        'metrics',
        keys=['ad_performance_id'],
        partition_by=['account_id'],
        metrics=components,
        baseline_days=baseline_days,
    ) }}
),

-- Component scores in [0, 1], higher is better: lower-is-better metrics are inverted.
component_scores as (
    select
        scored_days.*,
        case when scored_days.ctr is not null then scored_days.ctr_percentile end as ctr_score,
        case when scored_days.cpc is not null then 1 - scored_days.cpc_percentile end as cpc_score,
        case
            when scored_days.cost_per_result is not null then 1 - scored_days.cost_per_result_percentile
        end as cost_per_result_score,
        case when scored_days.roas is not null then scored_days.roas_percentile end as roas_score,
        case
            when scored_days.frequency is not null then 1 - scored_days.frequency_percentile
        end as frequency_score,
        case
            when scored_days.thruplay_rate is not null then scored_days.thruplay_rate_percentile
        end as thruplay_rate_score
    from scored_days
),

-- Σ weight × score and Σ weight over the components that have a score: their ratio gives a
-- missing component's weight to the others in proportion to theirs.
weighted as (
    select
        *,
        coalesce({{ weights.ctr }} * ctr_score, 0)
        + coalesce({{ weights.cpc }} * cpc_score, 0)
        + coalesce({{ weights.cost_per_result }} * cost_per_result_score, 0)
        + coalesce({{ weights.roas }} * roas_score, 0)
        + coalesce({{ weights.frequency }} * frequency_score, 0)
        + coalesce({{ weights.thruplay_rate }} * thruplay_rate_score, 0) as weighted_score_sum,
        case when ctr_score is not null then {{ weights.ctr }} else 0 end
        + case when cpc_score is not null then {{ weights.cpc }} else 0 end
        + case when cost_per_result_score is not null then {{ weights.cost_per_result }} else 0 end
        + case when roas_score is not null then {{ weights.roas }} else 0 end
        + case when frequency_score is not null then {{ weights.frequency }} else 0 end
        + case when thruplay_rate_score is not null then {{ weights.thruplay_rate }} else 0 end as weight_used,
        rtrim(
            case when ctr_score is not null then 'ctr,' else '' end
            || case when cpc_score is not null then 'cpc,' else '' end
            || case when cost_per_result_score is not null then 'cost_per_result,' else '' end
            || case when roas_score is not null then 'roas,' else '' end
            || case when frequency_score is not null then 'frequency,' else '' end
            || case when thruplay_rate_score is not null then 'thruplay_rate,' else '' end,
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
        cast(ctr_score as decimal(38, 9)) as ctr_score,
        cast(cpc_score as decimal(38, 9)) as cpc_score,
        cast(cost_per_result_score as decimal(38, 9)) as cost_per_result_score,
        cast(roas_score as decimal(38, 9)) as roas_score,
        cast(frequency_score as decimal(38, 9)) as frequency_score,
        cast(thruplay_rate_score as decimal(38, 9)) as thruplay_rate_score,
        cast(ctr as decimal(38, 9)) as ctr,
        cast(cpc as decimal(38, 9)) as cpc,
        cast(cost_per_result as decimal(38, 9)) as cost_per_result,
        cast(roas as decimal(38, 9)) as roas,
        cast(frequency as decimal(38, 9)) as frequency,
        cast(thruplay_rate as decimal(38, 9)) as thruplay_rate,
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
