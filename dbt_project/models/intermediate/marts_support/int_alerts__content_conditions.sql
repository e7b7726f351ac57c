{{ config(**window_incremental_config(
    ['alert_type', 'platform', 'object_id', 'date_day'], ['alert_type', 'platform'])) }}

-- Product-group days on which content_needed holds (docs block `alert_rules`): the group's
-- campaigns spent that day and its switched-on campaigns hold at least content_min_budget_thb of
-- daily budget now, but fewer than content_min_items of its content items — items that show one
-- of the group's SKUs, not EXPIRED — had a Unified Content Impact Score of at least
-- content_score_above that day. Budgets are today's snapshot (not historized); the default
-- thresholds apply (a product group has no single buyer). Written by partition window: a day is
-- judged on its own campaign-days and scores, and the budgets at the time of the run.
with

campaign_days as (
    select
        platform,
        campaign_id,
        category,
        spend_thb,
        date_day
    from {{ ref('int_campaign_days__margin') }}
    where {{ date_window_filter('date_day') }}
),

campaigns as (
    select
        platform,
        account_id,
        campaign_id,
        owner,
        category,
        daily_budget_thb,
        is_active
    from {{ ref('int_campaigns__owned') }}
),

accounts as (
    select
        platform,
        account_id,
        account_timezone
    from {{ ref('dim_ad_accounts') }}
),

scores as (
    select
        content_id,
        content_status,
        final_score,
        date_day
    from {{ ref('content_impact_scores') }}
    where {{ date_window_filter('date_day') }}
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

group_budgets as (
    select
        campaigns.category as product_group,
        sum(campaigns.daily_budget_thb) as daily_budget_thb,
        {{ dbt.listagg('distinct campaigns.owner', "', '", 'order by campaigns.owner') }} as owners,
        -- the latest clock among the group's accounts: a day is over when it is over for them all
        min({{ alerts_local_today('accounts.account_timezone') }}) as local_today
    from campaigns
    left join accounts
        on campaigns.platform = accounts.platform and campaigns.account_id = accounts.account_id
    where campaigns.is_active and campaigns.daily_budget_thb > 0
    group by campaigns.category
),

group_days as (
    select
        category as product_group,
        date_day,
        sum(spend_thb) as spend_thb
    from campaign_days
    group by
        category,
        date_day
),

qualifying_content as (
    select
        products.product_group,
        scores.date_day,
        count(distinct scores.content_id) as content_items
    from scores
    inner join content_products
        on scores.content_id = content_products.content_id
    inner join products
        on content_products.sku = products.master_sku
    where
        scores.content_status != 'EXPIRED'
        and scores.final_score >= {{ alert_threshold('content_score_above') }}
    group by
        products.product_group,
        scores.date_day
),

judged as (
    select
        group_days.product_group,
        group_days.date_day,
        group_budgets.daily_budget_thb,
        group_budgets.owners,
        group_budgets.local_today,
        coalesce(qualifying_content.content_items, 0) as content_items,
        {{ alert_threshold('content_min_items') }} as content_min_items,
        {{ alert_threshold('content_score_above') }} as content_score_above
    from group_days
    inner join group_budgets
        on group_days.product_group = group_budgets.product_group
    left join qualifying_content
        on
            group_days.product_group = qualifying_content.product_group
            and group_days.date_day = qualifying_content.date_day
    where
        group_days.spend_thb > 0
        and group_budgets.daily_budget_thb >= {{ alert_threshold('content_min_budget_thb') }}
        and group_days.date_day < group_budgets.local_today
),

final as (
    select
        cast('content_needed' as string) as alert_type,
        cast(case when content_items = 0 then 'critical' else 'warning' end as string) as severity,
        cast('product_group' as string) as object_level,
        cast(product_group as string) as object_id,
        cast(null as string) as platform,
        cast(null as string) as account_id,
        cast(null as string) as account_name,
        cast(null as string) as campaign_id,
        cast(null as string) as campaign_name,
        cast(null as string) as ad_group_id,
        cast(null as string) as ad_id,
        cast(owners as string) as owner,
        cast('THB' as string) as currency_code,
        cast('scored_content_items' as string) as metric,
        cast(content_items as decimal(38, 9)) as metric_value,
        cast(content_min_items as decimal(38, 9)) as threshold,
        cast(1 as bigint) as min_days,
        true as is_confirmed,
        cast('produce_content' as string) as recommended_action,
        cast(null as decimal(38, 9)) as recommended_change_pct,
        cast(null as decimal(38, 9)) as potential_margin_gain_thb,
        cast(
            concat('Content needed: ', product_group, ' has ', cast(content_items as string),
                ' strong content item(s)')
            as string
        ) as title,
        cast(
            concat(
                'Product group ', product_group, ' has ', {{ display_number('daily_budget_thb', 0) }},
                ' THB of daily budget but ', cast(content_items as string),
                ' active content item(s) scoring at least ', {{ display_number('content_score_above', 0) }},
                ' (needs ', {{ display_number('content_min_items', 0) }}, ').'
            ) as string
        ) as description,
        date_day,
        cast({{ shift_date('local_today', -1) }} as date) as last_complete_day
    from judged
    where content_items < content_min_items
)

select * from final
