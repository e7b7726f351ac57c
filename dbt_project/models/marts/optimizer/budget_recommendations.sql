{{ config(contract={'enforced': true}) }}

{#-
    The rule-based recommendation of every budget owner (docs block `budget_rules`). Thresholds
    come from var `budget_rules` (= config/rules.yml resolved per account by the orchestration;
    defaults in dbt_project.yml): `thresholds` for every account, `accounts` with the keys an
    account overrides (a missing key falls back to `thresholds`).
-#}
{%- set rules = var('budget_rules') -%}
{%- set lag = rules['lag_days'] | int -%}
{%- set short_days = rules['short_days'] | int -%}
{%- set long_days = rules['long_days'] | int -%}
{%- set threshold_names = [
    'roas_target', 'min_spend_thb', 'min_impressions', 'roas_reduce_below_ratio',
    'roas_pause_below_ratio', 'ctr_reduce_below', 'ctr_pause_below', 'frequency_reduce_above',
    'content_score_increase_above', 'scale_up_roas_ratio', 'scale_up_days', 'scale_up_pct',
    'cut_loss_roas_ratio', 'cut_loss_days', 'reduce_pct', 'increase_pct',
] -%}
{%- set as_of = var('optimizer_as_of', none) -%}
{%- set window_metrics = [
    'spend', 'spend_thb', 'impressions', 'clicks', 'reach', 'conversions', 'conversion_value',
    'margin_thb',
] -%}

with

owners as (
    select * from {{ ref('dim_budget_owners') }}
),

owner_days as (
    select
        budget_owner_id,
        spend,
        spend_thb,
        impressions,
        clicks,
        reach,
        conversions,
        conversion_value,
        margin_thb,
        gross_margin_rate,
        date_day
    from {{ ref('budget_owner_performance_daily') }}
),

fb_scores as (
    select
        ad_id,
        campaign_id,
        ad_group_id,
        fb_score,
        trailing_spend,
        date_day
    from {{ ref('fb_scores') }}
),

pfm_scores as (
    select
        ad_id,
        campaign_id,
        ad_group_id,
        pfm_score,
        trailing_spend,
        date_day
    from {{ ref('pfm_scores') }}
    where score_level = 'ad'
),

content_links as (
    select
        ad_platform,
        ad_id,
        content_id
    from {{ ref('int_content__linked_to_ads') }}
    where content_id is not null
),

content_scores as (
    select
        content_id,
        final_score,
        date_day
    from {{ ref('content_impact_scores') }}
),

-- Every scored ad of Meta (FB score) and TikTok (PFM score) with its trailing spend, the weight
-- of its score in its owner's.
ad_scores as (
    select
        'meta' as platform,
        ad_id,
        campaign_id,
        ad_group_id,
        fb_score as ad_score,
        trailing_spend,
        date_day
    from fb_scores
    where fb_score is not null
    union all
    select
        'tiktok' as platform,
        ad_id,
        campaign_id,
        ad_group_id,
        pfm_score as ad_score,
        trailing_spend,
        date_day
    from pfm_scores
    where pfm_score is not null
),

-- One row of defaults (account_id null), then one row per account with overrides (null where
-- the account keeps the default).
thresholds as (
    select
        {%- for name in threshold_names %}
            cast({{ rules['thresholds'][name] }} as decimal(38, 9)) as {{ name }},
        {%- endfor %}
        cast(null as string) as account_id
    {%- for account_id, values in rules['accounts'].items() %}
        union all
        select
            {%- for name in threshold_names %}
                cast({{ values.get(name, 'null') }} as decimal(38, 9)) as {{ name }},
            {%- endfor %}
            '{{ account_id }}' as account_id
    {%- endfor %}
),

default_thresholds as (
    select *
    from thresholds
    where account_id is null
),

-- The clock of each owner: its account's latest entity snapshot (the sync that also brought
-- today's spend), or var optimizer_as_of when given; read in the account's timezone.
owner_clocks as (
    select
        budget_owner_id,
        {% if as_of is none -%}
            max(snapshot_at) over (partition by account_id)
        {%- else -%}
            cast('{{ as_of }}' as timestamp)
        {%- endif %} as as_of_at,
        account_timezone
    from owners
),

owner_local_clocks as (
    select
        budget_owner_id,
        as_of_at,
        {{ local_datetime('as_of_at', 'account_timezone') }} as local_now
    from owner_clocks
),

owner_windows as (
    select
        budget_owner_id,
        as_of_at,
        cast(local_now as date) as local_today,
        {{ day_elapsed_fraction('local_now') }} as day_elapsed_fraction,
        {{ day_number('cast(local_now as date)') }} as today_number,
        {{ day_number('cast(local_now as date)') }} - {{ lag }} as window_end_number
    from owner_local_clocks
),

owner_thresholds as (
    select
        {%- for name in threshold_names %}
            coalesce(account_thresholds.{{ name }}, default_thresholds.{{ name }}) as {{ name }},
        {%- endfor %}
        owners.budget_owner_id
    from owners
    cross join default_thresholds
    left join thresholds as account_thresholds
        on owners.account_id = account_thresholds.account_id
),

-- every day an owner's windows can reach, with its window bounds and thresholds beside it
days_in_windows as (
    select
        owner_days.*,
        owner_windows.today_number,
        owner_windows.window_end_number,
        owner_thresholds.roas_target,
        owner_thresholds.scale_up_days,
        owner_thresholds.scale_up_roas_ratio,
        owner_thresholds.cut_loss_days,
        owner_thresholds.cut_loss_roas_ratio,
        {{ day_number('owner_days.date_day') }} as day_number
    from owner_days
    inner join owner_windows
        on owner_days.budget_owner_id = owner_windows.budget_owner_id
    inner join owner_thresholds
        on owner_days.budget_owner_id = owner_thresholds.budget_owner_id
    where
        {{ day_number('owner_days.date_day') }} between owner_windows.window_end_number - 55
        and owner_windows.today_number
),

window_sums as (
    select
        budget_owner_id,
        {%- for window, days in [('short', short_days), ('long', long_days)] %}
            {%- set inside = 'day_number between window_end_number - ' ~ (days - 1) ~ ' and window_end_number' %}
            {%- for metric in window_metrics %}
                sum(case when {{ inside }} then {{ metric }} else 0 end) as {{ metric }}_{{ window }},
            {%- endfor %}
        {%- endfor %}
        sum(case when day_number = today_number then spend else 0 end) as spend_today,
        sum(case when day_number = today_number then spend_thb else 0 end) as spend_today_thb,
        {%- for rule, ratio_cmp in [('scale_up', '>'), ('cut_loss', '<')] %}
            sum(
                case
                    when
                        day_number between window_end_number - {{ rule }}_days + 1
                        and window_end_number
                        and spend > 0
                        and conversion_value {{ ratio_cmp }} {{ rule }}_roas_ratio * roas_target * spend
                        then 1
                    else 0
                end
            ) as {{ rule }}_days_met,
        {%- endfor %}
        sum(
            case
                when
                    day_number between window_end_number - cut_loss_days + 1
                    and window_end_number
                    then margin_thb
                else 0
            end
        ) as cut_loss_margin_thb,
        max(gross_margin_rate) as gross_margin_rate
    from days_in_windows
    group by budget_owner_id
),

-- The ads of each owner scored on its window's last day (Google Ads has no ad score).
owner_ad_scores as (
    select
        owners.budget_owner_id,
        owners.platform,
        ad_scores.ad_id,
        ad_scores.ad_score,
        ad_scores.trailing_spend,
        ad_scores.date_day
    from owners
    inner join owner_windows
        on owners.budget_owner_id = owner_windows.budget_owner_id
    inner join ad_scores
        on
            owners.platform = ad_scores.platform
            and {{ day_number('ad_scores.date_day') }} = owner_windows.window_end_number
            and (
                (owners.object_level = 'campaign' and owners.object_id = ad_scores.campaign_id)
                or (owners.object_level = 'ad_group' and owners.object_id = ad_scores.ad_group_id)
            )
),

-- FB score (Meta) or PFM score (TikTok) of an owner: its ads' scores that day, weighted by
-- their trailing spend.
owner_scores as (
    select
        budget_owner_id,
        {{ safe_divide('sum(ad_score * trailing_spend)', 'sum(trailing_spend)') }} as ad_score
    from owner_ad_scores
    group by budget_owner_id
),

-- Unified Content Impact Score of an owner: the scores of the content items its scored ads
-- promote, that day, weighted by those ads' trailing spend (null when no ad is linked).
owner_content_scores as (
    select
        owner_ad_scores.budget_owner_id,
        {{ safe_divide(
            'sum(content_scores.final_score * owner_ad_scores.trailing_spend)',
            'sum(owner_ad_scores.trailing_spend)'
        ) }} as content_impact_score
    from owner_ad_scores
    inner join content_links
        on
            owner_ad_scores.platform = content_links.ad_platform
            and owner_ad_scores.ad_id = content_links.ad_id
    inner join content_scores
        on
            content_links.content_id = content_scores.content_id
            and owner_ad_scores.date_day = content_scores.date_day
    where content_scores.final_score is not null
    group by owner_ad_scores.budget_owner_id
),

measured as (
    select
        owners.*,
        owner_windows.as_of_at,
        owner_windows.local_today,
        owner_windows.day_elapsed_fraction,
        {%- for name in threshold_names %}
            owner_thresholds.{{ name }},
        {%- endfor %}
        {%- for window in ['short', 'long'] %}
            {%- for metric in window_metrics %}
                window_sums.{{ metric }}_{{ window }},
            {%- endfor %}
        {%- endfor %}
        window_sums.spend_today,
        window_sums.spend_today_thb,
        window_sums.scale_up_days_met,
        window_sums.cut_loss_days_met,
        window_sums.cut_loss_margin_thb,
        window_sums.gross_margin_rate,
        case when owners.platform = 'meta' then owner_scores.ad_score end as fb_score,
        case when owners.platform = 'tiktok' then owner_scores.ad_score end as pfm_score,
        owner_content_scores.content_impact_score
    from owners
    inner join owner_windows
        on owners.budget_owner_id = owner_windows.budget_owner_id
    inner join owner_thresholds
        on owners.budget_owner_id = owner_thresholds.budget_owner_id
    left join window_sums
        on owners.budget_owner_id = window_sums.budget_owner_id
    left join owner_scores
        on owners.budget_owner_id = owner_scores.budget_owner_id
    left join owner_content_scores
        on owners.budget_owner_id = owner_content_scores.budget_owner_id
),

metrics as (
    select
        *,
        {%- for window in ['short', 'long'] %}
            {{ safe_divide('conversion_value_' ~ window, 'spend_' ~ window) }} as roas_{{ window }},
            {{ safe_divide('spend_' ~ window, 'conversions_' ~ window) }} as cpa_{{ window }},
            {{ safe_divide('clicks_' ~ window, 'impressions_' ~ window) }} as ctr_{{ window }},
        {%- endfor %}
        {{ safe_divide('impressions_long', 'reach_long') }} as frequency_long,
        coalesce(content_impact_score, pfm_score, fb_score) as content_score,
        coalesce(spend_thb_long, 0) >= min_spend_thb as has_spend_evidence,
        coalesce(impressions_long, 0) >= min_impressions as has_delivery_evidence
    from measured
),

rules_evaluated as (
    select
        *,
        coalesce(cut_loss_days_met = cut_loss_days and cut_loss_margin_thb < 0, false)
            as is_cut_loss,
        coalesce(has_spend_evidence and roas_long < roas_pause_below_ratio * roas_target, false)
            as is_roas_pause,
        coalesce(has_spend_evidence and roas_long < roas_reduce_below_ratio * roas_target, false)
            as is_roas_low,
        coalesce(has_delivery_evidence and ctr_long < ctr_pause_below, false) as is_ctr_pause,
        coalesce(has_delivery_evidence and ctr_long < ctr_reduce_below, false) as is_ctr_low,
        coalesce(
            platform = 'meta' and has_delivery_evidence and frequency_long > frequency_reduce_above,
            false
        ) as is_frequency_high,
        coalesce(scale_up_days_met = scale_up_days, false) as is_scale_up,
        coalesce(content_score >= content_score_increase_above, false) as is_content_high
    from metrics
),

decided as (
    select
        *,
        rtrim(
            case when is_cut_loss then 'cut_loss,' else '' end
            || case when is_roas_low then 'roas_low,' else '' end
            || case when is_ctr_low then 'ctr_low,' else '' end
            || case when is_frequency_high then 'frequency_high,' else '' end
            || case when is_scale_up then 'scale_up,' else '' end
            || case when is_content_high then 'content_high,' else '' end,
            ','
        ) as rules_fired_list,
        case
            when not is_delivering then 'hold'
            when is_cut_loss or is_roas_pause or is_ctr_pause then 'pause'
            when is_roas_low or is_ctr_low or is_frequency_high then 'reduce'
            when is_scale_up or is_content_high then 'increase'
            else 'hold'
        end as recommendation,
        case
            when not is_delivering then null
            when is_cut_loss then 'cut_loss'
            when is_roas_pause then 'roas_low'
            when is_ctr_pause then 'ctr_low'
            when is_roas_low then 'roas_low'
            when is_ctr_low then 'ctr_low'
            when is_frequency_high then 'frequency_high'
            when is_scale_up then 'scale_up'
            when is_content_high then 'content_high'
        end as primary_rule
    from rules_evaluated
),

sized as (
    select
        *,
        case recommendation
            when 'pause' then -1
            when 'reduce' then -reduce_pct
            when 'increase' then case when primary_rule = 'scale_up' then scale_up_pct else increase_pct end
            else 0
        end as recommended_change_pct,
        case primary_rule
            when 'cut_loss'
                then
                    'ROAS below ' || cast(round(cut_loss_roas_ratio * roas_target, 2) as string)
                    || ' on each of the last ' || cast(cast(cut_loss_days as bigint) as string)
                    || ' days and margin ' || cast(round(cut_loss_margin_thb, 0) as string) || ' THB'
            when 'roas_low'
                then
                    'ROAS ' || cast(round(roas_long, 2) as string) || ' over ' || '{{ long_days }}'
                    || ' days vs target ' || cast(round(roas_target, 2) as string)
            when 'ctr_low'
                then
                    'CTR ' || cast(round(100 * ctr_long, 2) as string) || '% over '
                    || '{{ long_days }}' || ' days'
            when 'frequency_high'
                then
                    'frequency ' || cast(round(frequency_long, 2) as string) || ' above '
                    || cast(round(frequency_reduce_above, 2) as string)
            when 'scale_up'
                then
                    'ROAS above ' || cast(round(scale_up_roas_ratio * roas_target, 2) as string)
                    || ' on each of the last ' || cast(cast(scale_up_days as bigint) as string) || ' days'
            when 'content_high' then
                'content score ' || cast(round(content_score, 1) as string) || ' >= '
                || cast(round(content_score_increase_above, 1) as string)
        end as recommendation_reason
    from decided
),

final as (
    select
        {{ surrogate_key(['budget_owner_id', 'as_of_at']) }} as budget_recommendation_id,
        cast(budget_owner_id as string) as budget_owner_id,
        cast(object_id as string) as object_id,
        cast(account_id as string) as account_id,
        cast(campaign_id as string) as campaign_id,
        cast(platform as string) as platform,
        cast(object_level as string) as object_level,
        cast(budget_owner_name as string) as budget_owner_name,
        cast(campaign_name as string) as campaign_name,
        cast(product_group as string) as product_group,
        cast(currency_code as string) as currency_code,
        cast(account_timezone as string) as account_timezone,
        cast(budget_unit as string) as budget_unit,
        cast(recommendation as string) as recommendation,
        cast(primary_rule as string) as primary_rule,
        cast(nullif(rules_fired_list, '') as string) as rules_fired,
        cast(recommendation_reason as string) as recommendation_reason,
        cast(daily_budget_native as decimal(38, 9)) as daily_budget_native,
        cast(daily_budget as decimal(38, 9)) as daily_budget,
        cast(daily_budget_thb as decimal(38, 9)) as daily_budget_thb,
        cast(fx_rate_to_thb as decimal(38, 9)) as fx_rate_to_thb,
        cast(recommended_change_pct as decimal(38, 9)) as recommended_change_pct,
        cast(daily_budget * (1 + recommended_change_pct) as decimal(38, 9))
            as recommended_daily_budget,
        cast(coalesce(spend_today, 0) as decimal(38, 9)) as spend_today,
        cast(coalesce(spend_today_thb, 0) as decimal(38, 9)) as spend_today_thb,
        cast(day_elapsed_fraction as decimal(38, 9)) as day_elapsed_fraction,
        cast(
            {{ safe_divide('coalesce(spend_today, 0)', 'daily_budget * day_elapsed_fraction') }}
            as decimal(38, 9)
        ) as spend_velocity,
        cast({{ short_days }} as bigint) as short_window_days,
        cast({{ long_days }} as bigint) as long_window_days,
        cast(coalesce(spend_thb_short, 0) as decimal(38, 9)) as spend_short_thb,
        cast(coalesce(spend_thb_long, 0) as decimal(38, 9)) as spend_long_thb,
        cast(roas_short as decimal(38, 9)) as roas_short,
        cast(roas_long as decimal(38, 9)) as roas_long,
        cast(cpa_short as decimal(38, 9)) as cpa_short,
        cast(cpa_long as decimal(38, 9)) as cpa_long,
        cast(ctr_short as decimal(38, 9)) as ctr_short,
        cast(ctr_long as decimal(38, 9)) as ctr_long,
        cast(frequency_long as decimal(38, 9)) as frequency_long,
        cast(coalesce(margin_thb_long, 0) as decimal(38, 9)) as margin_long_thb,
        cast(gross_margin_rate as decimal(38, 9)) as gross_margin_rate,
        cast(fb_score as decimal(38, 9)) as fb_score,
        cast(pfm_score as decimal(38, 9)) as pfm_score,
        cast(content_impact_score as decimal(38, 9)) as content_impact_score,
        cast(content_score as decimal(38, 9)) as content_score,
        cast(roas_target as decimal(38, 9)) as roas_target,
        cast(coalesce(scale_up_days_met, 0) as bigint) as scale_up_days_met,
        cast(coalesce(cut_loss_days_met, 0) as bigint) as cut_loss_days_met,
        cast(is_delivering as boolean) as is_delivering,
        cast(has_spend_evidence as boolean) as has_spend_evidence,
        cast(has_delivery_evidence as boolean) as has_delivery_evidence,
        cast(local_today as date) as local_today,
        cast(as_of_at as timestamp) as as_of_at
    from sized
)

select * from final
