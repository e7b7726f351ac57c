{#-
    PFM score — the product spec's score of a TikTok ad and of a TikTok post (docs block
    `pfm_score`). Settings come from var `pfm_score` (defaults in dbt_project.yml = the
    `pfm_score:` section of config/scoring.yml). Same method as fb_scores.
-#}
{%- set settings = var('pfm_score') -%}
{%- set window_days = settings['window_days'] | int -%}
{%- set baseline_days = settings['baseline_days'] | int -%}
{%- set weights = settings['weights'] -%}
{%- set components = ['ctr', 'cvr', 'view_time', 'roas', 'spend_efficiency'] -%}
{%- if (weights.keys() | sort | list) != (components | sort) -%}
    {{ exceptions.raise_compiler_error(
        "pfm_score.weights must have exactly the keys " ~ (components | join(', '))
        ~ "; got " ~ (weights.keys() | join(', '))) }}
{%- endif -%}
{%- if ((weights.values() | sum) - 1) | abs > 0.000001 or window_days < 1 or baseline_days < 1 -%}
    {{ exceptions.raise_compiler_error(
        "pfm_score: weights must sum to 1 and windows be >= 1 day; got " ~ settings) }}
{%- endif -%}
{%- set lookback = window_days + baseline_days - 2 -%}

{{ config(**window_incremental_config('pfm_score_id', ['account_id'])) }}

with

-- A score on day D reads the last window_days days, each compared with the advertiser's
-- ad-days (post-days) of the baseline_days days up to D: read that much before the window.
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
        conversions,
        conversion_value,
        date_day
    from {{ ref('fct_ad_performance_daily') }}
    where
        platform = 'tiktok'
        and reporting_level = 'ad'
        and {{ date_window_filter('date_day', lookback_days=lookback) }}
),

ads_reports as (
    select
        account_id,
        ad_id,
        video_plays,
        video_watch_seconds,
        date_day
    from {{ ref('stg_tiktok__ads_reports_daily') }}
    where {{ date_window_filter('date_day', lookback_days=lookback) }}
),

ads as (
    select
        ad_id,
        tiktok_item_id
    from {{ ref('stg_tiktok__ads') }}
),

-- One row per ad-day: the contract's delivery plus TikTok's watch time and the promoted post.
ad_days as (
    select
        ad_performance.*,
        coalesce(ads_reports.video_plays, 0) as video_plays,
        coalesce(ads_reports.video_watch_seconds, 0) as video_watch_seconds,
        ads.tiktok_item_id
    from ad_performance
    left join ads_reports
        on
            ad_performance.account_id = ads_reports.account_id
            and ad_performance.ad_id = ads_reports.ad_id
            and ad_performance.date_day = ads_reports.date_day
    left join ads
        on ad_performance.ad_id = ads.ad_id
),

-- One row per post-day: the sum of every ad that promoted the post that day.
post_days as (
    select
        account_id,
        tiktok_item_id,
        max(account_name) as account_name,
        sum(spend) as spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        sum(video_plays) as video_plays,
        sum(video_watch_seconds) as video_watch_seconds,
        count(*) as ads,
        date_day
    from ad_days
    where tiktok_item_id is not null
    group by
        account_id,
        tiktok_item_id,
        date_day
),

scored_objects as (
    select
        'ad' as score_level,
        account_id,
        ad_id as object_id,
        ad_performance_id,
        ad_id,
        tiktok_item_id,
        campaign_id,
        ad_group_id,
        account_name,
        campaign_name,
        ad_group_name,
        ad_name,
        spend,
        impressions,
        clicks,
        conversions,
        conversion_value,
        video_plays,
        video_watch_seconds,
        1 as ads,
        date_day
    from ad_days
    union all
    select
        'post' as score_level,
        account_id,
        tiktok_item_id as object_id,
        cast(null as string) as ad_performance_id,
        cast(null as string) as ad_id,
        tiktok_item_id,
        cast(null as string) as campaign_id,
        cast(null as string) as ad_group_id,
        account_name,
        cast(null as string) as campaign_name,
        cast(null as string) as ad_group_name,
        cast(null as string) as ad_name,
        spend,
        impressions,
        clicks,
        conversions,
        conversion_value,
        video_plays,
        video_watch_seconds,
        ads,
        date_day
    from post_days
),

trailing_sums as (
    select
        score_level,
        account_id,
        object_id,
        ad_performance_id,
        ad_id,
        tiktok_item_id,
        campaign_id,
        ad_group_id,
        account_name,
        campaign_name,
        ad_group_name,
        ad_name,
        ads,
        {{ day_number('date_day') }} as day_number,
        sum(spend) over trailing_window as trailing_spend,
        sum(impressions) over trailing_window as trailing_impressions,
        sum(clicks) over trailing_window as trailing_clicks,
        sum(conversions) over trailing_window as trailing_purchases,
        sum(conversion_value) over trailing_window as trailing_purchase_value,
        sum(video_plays) over trailing_window as trailing_video_plays,
        sum(video_watch_seconds) over trailing_window as trailing_video_watch_seconds,
        date_day
    from scored_objects
    window trailing_window as (
        partition by score_level, account_id, object_id
        order by {{ day_number('date_day') }}
        range between {{ window_days - 1 }} preceding and current row
    )
),

-- Null means "no data": the component drops out and its weight goes to the others.
metrics as (
    select
        *,
        {{ safe_divide('trailing_clicks', 'trailing_impressions') }} as ctr,
        {{ safe_divide('trailing_purchases', 'trailing_clicks') }} as cvr,
        {{ safe_divide('trailing_video_watch_seconds', 'trailing_video_plays') }} as view_time_seconds,
        {{ safe_divide('trailing_purchase_value', 'trailing_spend') }} as roas,
        {{ safe_divide('trailing_spend', 'trailing_purchases') }} as cost_per_purchase
    from trailing_sums
),

-- The window's objects, each with the mid-rank percentile of each metric among the
-- advertiser's objects of the same level in the baseline window (the scored one included):
-- (values below + half the values equal) / values.
scored_days as (
    {{ baseline_percentiles(
        'metrics',
        keys=['score_level', 'account_id', 'object_id', 'date_day'],
        partition_by=['score_level', 'account_id'],
        metrics=['ctr', 'cvr', 'view_time_seconds', 'roas', 'cost_per_purchase'],
        baseline_days=baseline_days,
    ) }}
),

-- Component scores in [0, 1], higher is better: spend per purchase is inverted.
component_scores as (
    select
        scored_days.*,
        case when scored_days.ctr is not null then scored_days.ctr_percentile end as ctr_score,
        case when scored_days.cvr is not null then scored_days.cvr_percentile end as cvr_score,
        case
            when scored_days.view_time_seconds is not null then scored_days.view_time_seconds_percentile
        end as view_time_score,
        case when scored_days.roas is not null then scored_days.roas_percentile end as roas_score,
        case
            when scored_days.cost_per_purchase is not null
                then 1 - scored_days.cost_per_purchase_percentile
        end as spend_efficiency_score
    from scored_days
),

-- Σ weight × score and Σ weight over the components that have a score: their ratio gives a
-- missing component's weight to the others in proportion to theirs.
weighted as (
    select
        *,
        coalesce({{ weights.ctr }} * ctr_score, 0)
        + coalesce({{ weights.cvr }} * cvr_score, 0)
        + coalesce({{ weights.view_time }} * view_time_score, 0)
        + coalesce({{ weights.roas }} * roas_score, 0)
        + coalesce({{ weights.spend_efficiency }} * spend_efficiency_score, 0) as weighted_score_sum,
        case when ctr_score is not null then {{ weights.ctr }} else 0 end
        + case when cvr_score is not null then {{ weights.cvr }} else 0 end
        + case when view_time_score is not null then {{ weights.view_time }} else 0 end
        + case when roas_score is not null then {{ weights.roas }} else 0 end
        + case when spend_efficiency_score is not null then {{ weights.spend_efficiency }} else 0 end
            as weight_used,
        rtrim(
            case when ctr_score is not null then 'ctr,' else '' end
            || case when cvr_score is not null then 'cvr,' else '' end
            || case when view_time_score is not null then 'view_time,' else '' end
            || case when roas_score is not null then 'roas,' else '' end
            || case when spend_efficiency_score is not null then 'spend_efficiency,' else '' end,
            ','
        ) as components_used
    from component_scores
),

final as (
    select
        {{ surrogate_key(['score_level', 'account_id', 'object_id', 'date_day']) }} as pfm_score_id,
        cast(score_level as string) as score_level,
        cast(account_id as string) as account_id,
        cast(object_id as string) as object_id,
        cast(ad_performance_id as string) as ad_performance_id,
        cast(ad_id as string) as ad_id,
        cast(tiktok_item_id as string) as tiktok_item_id,
        cast(campaign_id as string) as campaign_id,
        cast(ad_group_id as string) as ad_group_id,
        cast('tiktok' as string) as platform,
        cast(account_name as string) as account_name,
        cast(campaign_name as string) as campaign_name,
        cast(ad_group_name as string) as ad_group_name,
        cast(ad_name as string) as ad_name,
        cast(nullif(components_used, '') as string) as components_used,
        cast(round(100 * {{ safe_divide('weighted_score_sum', 'weight_used') }}, 2) as decimal(38, 9))
            as pfm_score,
        cast(weight_used as decimal(38, 9)) as weight_used,
        cast(ctr_score as decimal(38, 9)) as ctr_score,
        cast(cvr_score as decimal(38, 9)) as cvr_score,
        cast(view_time_score as decimal(38, 9)) as view_time_score,
        cast(roas_score as decimal(38, 9)) as roas_score,
        cast(spend_efficiency_score as decimal(38, 9)) as spend_efficiency_score,
        cast(ctr as decimal(38, 9)) as ctr,
        cast(cvr as decimal(38, 9)) as cvr,
        cast(view_time_seconds as decimal(38, 9)) as view_time_seconds,
        cast(roas as decimal(38, 9)) as roas,
        cast(cost_per_purchase as decimal(38, 9)) as cost_per_purchase,
        cast(trailing_spend as decimal(38, 9)) as trailing_spend,
        cast(trailing_impressions as bigint) as trailing_impressions,
        cast(trailing_clicks as bigint) as trailing_clicks,
        cast(trailing_purchases as decimal(38, 9)) as trailing_purchases,
        cast(trailing_purchase_value as decimal(38, 9)) as trailing_purchase_value,
        cast(trailing_video_plays as bigint) as trailing_video_plays,
        cast(trailing_video_watch_seconds as decimal(38, 9)) as trailing_video_watch_seconds,
        cast(ads as bigint) as ads,
        date_day
    from weighted
)

select * from final
