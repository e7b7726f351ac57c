{#-
    Unified Content Impact Score (docs block `content_impact_score`). Settings come from var
    `content_impact_score` (defaults in dbt_project.yml = the `content_impact_score:` section of
    config/scoring.yml, passed by the orchestration).
-#}
{%- set settings = var('content_impact_score') -%}
{%- set window_days = settings['window_days'] | int -%}
{%- set weights = settings['weights'] -%}
{%- set offline_weights = settings['offline_weights'] -%}
{%- if (weights.keys() | sort | list) != ['facebook_instagram', 'offline', 'tiktok']
    or (offline_weights.keys() | sort | list) != ['scans', 'sellout'] -%}
    {{ exceptions.raise_compiler_error(
        "content_impact_score: weights must name tiktok, facebook_instagram, offline and "
        ~ "offline_weights scans, sellout; got " ~ settings) }}
{%- endif -%}
{%- if ((weights.values() | sum) - 1) | abs > 0.000001
    or ((offline_weights.values() | sum) - 1) | abs > 0.000001 or window_days < 1 -%}
    {{ exceptions.raise_compiler_error(
        "content_impact_score: weights must sum to 1 and window_days be >= 1; got " ~ settings) }}
{%- endif -%}

{{
    config(
        partition_by=day_partitioning('date_day'),
        cluster_by=['product_group'],
        contract={'enforced': true},
    )
}}

with

content as (
    select
        content_id,
        platform,
        platform_post_id,
        owner,
        status
    from {{ ref('dim_content') }}
),

content_products as (
    select
        content_id,
        sku
    from {{ ref('dim_content_products') }}
),

products as (
    select
        master_sku,
        product_group
    from {{ ref('dim_products') }}
),

post_scores as (
    select
        object_id as tiktok_item_id,
        pfm_score,
        date_day
    from {{ ref('pfm_scores') }}
    where score_level = 'post' and pfm_score is not null
),

ad_links as (
    select
        content_id,
        ad_id
    from {{ ref('int_content__linked_to_ads') }}
    where has_content and ad_platform = 'meta'
),

fb_ad_scores as (
    select
        ad_performance_id,
        ad_id,
        fb_score,
        trailing_spend,
        date_day
    from {{ ref('fb_scores') }}
    where fb_score is not null
),

ad_fx as (
    select
        ad_performance_id,
        fx_rate_to_thb
    from {{ ref('fct_ad_performance_daily') }}
    where platform = 'meta' and reporting_level = 'ad'
),

scans as (
    select
        master_sku,
        scans,
        date_day
    from {{ ref('stg_files__scans_daily') }}
),

sellout as (
    select
        master_sku,
        units,
        week_start
    from {{ ref('stg_files__offline_sellout_weekly') }}
),

-- 1. online components ------------------------------------------------------------------------

-- TikTok: the PFM score of the post (all its ads); a post promoted from two advertisers has a
-- score in each, averaged
tiktok_scores as (
    select
        content.content_id,
        post_scores.date_day,
        avg(post_scores.pfm_score) / 100.0 as tiktok_score
    from post_scores
    inner join content
        on content.platform = 'tiktok' and post_scores.tiktok_item_id = content.platform_post_id
    group by
        content.content_id,
        post_scores.date_day
),

-- Facebook / Instagram: the FB scores of the Meta ads that use the item, weighted by their
-- trailing spend in THB (a plain average when none spent)
facebook_instagram_scores as (
    select
        ad_links.content_id,
        fb_ad_scores.date_day,
        coalesce(
            {{ safe_divide(
                'sum(fb_ad_scores.fb_score * fb_ad_scores.trailing_spend * ad_fx.fx_rate_to_thb)',
                'sum(fb_ad_scores.trailing_spend * ad_fx.fx_rate_to_thb)') }},
            avg(fb_ad_scores.fb_score)
        ) / 100.0 as facebook_instagram_score,
        count(*) as meta_ads_scored
    from fb_ad_scores
    inner join ad_links
        on fb_ad_scores.ad_id = ad_links.ad_id
    left join ad_fx
        on fb_ad_scores.ad_performance_id = ad_fx.ad_performance_id
    group by
        ad_links.content_id,
        fb_ad_scores.date_day
),

content_days as (
    select content_id, date_day from tiktok_scores
    union distinct
    select content_id, date_day from facebook_instagram_scores
),

-- 2. offline demand per SKU -------------------------------------------------------------------

week_days as (
    {%- for offset in range(7) %}
    select {{ offset }} as day_offset{% if not loop.last %} union all{% endif %}
    {%- endfor %}
),

-- weekly sell-out spread evenly over the week's seven days
sellout_days as (
    select
        sellout.master_sku,
        {{ shift_date('sellout.week_start', 'week_days.day_offset') }} as date_day,
        sum(sellout.units) / 7.0 as sellout_units
    from sellout
    cross join week_days
    group by
        sellout.master_sku,
        {{ shift_date('sellout.week_start', 'week_days.day_offset') }}
),

scan_days as (
    select
        master_sku,
        date_day,
        sum(scans) as scans
    from scans
    group by
        master_sku,
        date_day
),

score_days as (
    select distinct date_day from content_days
),

offline_skus as (
    select master_sku from scan_days
    union distinct
    select master_sku from sellout_days
),

-- every SKU with offline data × every day a score is made: each feed's trailing window sum
-- (null when the feed has no row of the SKU in the window)
scan_windows as (
    select
        offline_skus.master_sku,
        score_days.date_day,
        sum(scan_days.scans) as scans_window
    from offline_skus
    cross join score_days
    left join scan_days
        on
            offline_skus.master_sku = scan_days.master_sku
            and {{ day_number('scan_days.date_day') }}
            between {{ day_number('score_days.date_day') }} - {{ window_days - 1 }}
            and {{ day_number('score_days.date_day') }}
    group by
        offline_skus.master_sku,
        score_days.date_day
),

sellout_windows as (
    select
        offline_skus.master_sku,
        score_days.date_day,
        sum(sellout_days.sellout_units) as sellout_window
    from offline_skus
    cross join score_days
    left join sellout_days
        on
            offline_skus.master_sku = sellout_days.master_sku
            and {{ day_number('sellout_days.date_day') }}
            between {{ day_number('score_days.date_day') }} - {{ window_days - 1 }}
            and {{ day_number('score_days.date_day') }}
    group by
        offline_skus.master_sku,
        score_days.date_day
),

sku_windows as (
    select
        scan_windows.master_sku,
        scan_windows.date_day,
        scan_windows.scans_window,
        sellout_windows.sellout_window
    from scan_windows
    inner join sellout_windows
        on
            scan_windows.master_sku = sellout_windows.master_sku
            and scan_windows.date_day = sellout_windows.date_day
),

-- mid-rank percentile of each SKU's window among the SKUs with that feed's data that day
sku_percentiles as (
    select
        sku_windows.master_sku,
        sku_windows.date_day,
        case when sku_windows.scans_window is not null
            then {{ mid_rank_percentile('sku_windows.scans_window', 'baseline.scans_window') }}
        end as scans_score,
        case when sku_windows.sellout_window is not null
            then {{ mid_rank_percentile('sku_windows.sellout_window', 'baseline.sellout_window') }}
        end as sellout_score
    from sku_windows
    inner join sku_windows as baseline
        on sku_windows.date_day = baseline.date_day
    group by
        sku_windows.master_sku,
        sku_windows.date_day,
        sku_windows.scans_window,
        sku_windows.sellout_window
),

sku_offline as (
    select
        master_sku,
        date_day,
        (
            coalesce({{ offline_weights['scans'] }} * scans_score, 0)
            + coalesce({{ offline_weights['sellout'] }} * sellout_score, 0)
        ) / nullif(
            case when scans_score is not null then {{ offline_weights['scans'] }} else 0 end
            + case when sellout_score is not null then {{ offline_weights['sellout'] }} else 0 end,
            0
        ) as offline_score
    from sku_percentiles
),

-- the item's offline score: the average over the SKUs it shows that have offline data
offline_scores as (
    select
        content_products.content_id,
        sku_offline.date_day,
        avg(sku_offline.offline_score) as offline_score
    from content_products
    inner join sku_offline
        on content_products.sku = sku_offline.master_sku
    where sku_offline.offline_score is not null
    group by
        content_products.content_id,
        sku_offline.date_day
),

-- 3. the item's product group: its SKUs' group, `mixed` across groups, `unassigned` without SKUs
content_groups as (
    select
        content_products.content_id,
        case
            when count(distinct products.product_group) = 1 then max(products.product_group)
            when count(distinct products.product_group) > 1 then 'mixed'
        end as product_group,
        {{ dbt.listagg('content_products.sku', "','", 'order by content_products.sku') }} as skus
    from content_products
    left join products
        on content_products.sku = products.master_sku
    group by content_products.content_id
),

-- 4. weighted combination, missing components' weights shared among the others -------------
components as (
    select
        content_days.content_id,
        content_days.date_day,
        tiktok_scores.tiktok_score,
        facebook_instagram_scores.facebook_instagram_score,
        coalesce(facebook_instagram_scores.meta_ads_scored, 0) as meta_ads_scored,
        offline_scores.offline_score,
        case when tiktok_scores.tiktok_score is not null then {{ weights['tiktok'] }} else 0 end
            as tiktok_weight,
        case when facebook_instagram_scores.facebook_instagram_score is not null
            then {{ weights['facebook_instagram'] }} else 0 end as facebook_instagram_weight,
        case when offline_scores.offline_score is not null then {{ weights['offline'] }} else 0 end
            as offline_weight
    from content_days
    left join tiktok_scores
        on content_days.content_id = tiktok_scores.content_id
        and content_days.date_day = tiktok_scores.date_day
    left join facebook_instagram_scores
        on content_days.content_id = facebook_instagram_scores.content_id
        and content_days.date_day = facebook_instagram_scores.date_day
    left join offline_scores
        on content_days.content_id = offline_scores.content_id
        and content_days.date_day = offline_scores.date_day
),

scored as (
    select
        *,
        tiktok_weight + facebook_instagram_weight + offline_weight as weight_total,
        100.0 * (
            coalesce(tiktok_weight * tiktok_score, 0)
            + coalesce(facebook_instagram_weight * facebook_instagram_score, 0)
            + coalesce(offline_weight * offline_score, 0)
        ) / (tiktok_weight + facebook_instagram_weight + offline_weight) as raw_score
    from components
),

final as (
    select
        {{ surrogate_key(['scored.content_id', 'scored.date_day']) }} as content_impact_score_id,
        cast(scored.content_id as string) as content_id,
        cast(content.platform as string) as platform,
        cast(content.platform_post_id as string) as platform_post_id,
        cast(content.owner as string) as owner,
        cast(content.status as string) as content_status,
        cast(coalesce(content_groups.product_group, 'unassigned') as string) as product_group,
        cast(content_groups.skus as string) as skus,
        cast(
            rtrim(
                {{ dbt.concat([
                    "case when scored.tiktok_weight > 0 then 'tiktok,' else '' end",
                    "case when scored.facebook_instagram_weight > 0 then 'facebook_instagram,' else '' end",
                    "case when scored.offline_weight > 0 then 'offline,' else '' end",
                ]) }},
                ','
            ) as string
        ) as components_used,
        cast(round(scored.raw_score, 2) as decimal(38, 9)) as final_score,
        cast(round(scored.tiktok_score * 100, 2) as decimal(38, 9)) as tiktok_score,
        cast(round(scored.facebook_instagram_score * 100, 2) as decimal(38, 9))
            as facebook_instagram_score,
        cast(round(scored.offline_score * 100, 2) as decimal(38, 9)) as offline_score,
        cast(scored.tiktok_weight / scored.weight_total as decimal(38, 9)) as tiktok_weight_used,
        cast(scored.facebook_instagram_weight / scored.weight_total as decimal(38, 9))
            as facebook_instagram_weight_used,
        cast(scored.offline_weight / scored.weight_total as decimal(38, 9)) as offline_weight_used,
        cast(scored.weight_total as decimal(38, 9)) as weight_configured_used,
        cast(scored.meta_ads_scored as bigint) as meta_ads_scored,
        cast(
            rank() over (
                partition by scored.date_day, coalesce(content_groups.product_group, 'unassigned')
                order by scored.raw_score desc
            ) as bigint
        ) as rank_in_product_group,
        scored.date_day
    from scored
    inner join content
        on scored.content_id = content.content_id
    left join content_groups
        on scored.content_id = content_groups.content_id
)

select * from final
