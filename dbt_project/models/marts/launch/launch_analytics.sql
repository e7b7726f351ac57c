{{ assert_reporting_currency_is_thb() }}
{{
    config(
        partition_by=day_partitioning('iso_week_start'),
        cluster_by=['owner', 'category'],
        contract={'enforced': true},
    )
}}

{%- set scale_up_pct = var('alert_rules')['thresholds']['scale_up_pct'] -%}

-- The buyer dashboard's launch view (docs block `launch_analytics`): campaigns grouped by the ISO
-- week they launched (first day with spend), their media buyer and category — how many
-- launched, how many broke even (cumulative margin turned positive), how long until the first
-- scale or pause decision, and how the first 72 hours went.
with

campaigns as (
    select
        platform,
        campaign_id,
        owner,
        category,
        status,
        launch_date,
        last_spend_date
    from {{ ref('int_campaigns__owned') }}
    where launch_date is not null
),

campaign_days as (
    select
        platform,
        campaign_id,
        spend_thb,
        revenue_thb,
        margin_thb,
        date_day
    from {{ ref('int_campaign_days__margin') }}
),

days_since_launch as (
    select
        campaign_days.*,
        campaigns.launch_date,
        {{ day_number('campaign_days.date_day') }} - {{ day_number('campaigns.launch_date') }}
            as day_index,
        sum(campaign_days.margin_thb) over (
            partition by campaign_days.platform, campaign_days.campaign_id
            order by campaign_days.date_day
            rows between unbounded preceding and current row
        ) as cumulative_margin_thb
    from campaign_days
    inner join campaigns
        on campaign_days.platform = campaigns.platform and campaign_days.campaign_id = campaigns.campaign_id
    where campaign_days.date_day >= campaigns.launch_date
),

-- first 72 hours = the launch day and the two days after it (account-local days)
first_days as (
    select
        platform,
        campaign_id,
        sum(spend_thb) as spend_first_72h_thb,
        sum(revenue_thb) as revenue_first_72h_thb,
        sum(margin_thb) as margin_first_72h_thb,
        sum(spend_thb) / 3.0 as launch_daily_spend_thb
    from days_since_launch
    where day_index between 0 and 2
    group by
        platform,
        campaign_id
),

milestones as (
    select
        days_since_launch.platform,
        days_since_launch.campaign_id,
        min(case when days_since_launch.cumulative_margin_thb > 0 then days_since_launch.date_day end)
            as break_even_date,
        -- inferred scale-up: the first day after the first 72 hours spending at least
        -- (1 + scale_up_pct) × the launch days' average
        min(
            case
                when days_since_launch.day_index >= 3
                    and days_since_launch.spend_thb
                    >= (1 + {{ scale_up_pct }}) * first_days.launch_daily_spend_thb
                    and first_days.launch_daily_spend_thb > 0
                    then days_since_launch.date_day
            end
        ) as scaled_on
    from days_since_launch
    inner join first_days
        on
            days_since_launch.platform = first_days.platform
            and days_since_launch.campaign_id = first_days.campaign_id
    group by
        days_since_launch.platform,
        days_since_launch.campaign_id
),

launches as (
    select
        campaigns.platform,
        campaigns.campaign_id,
        campaigns.owner,
        campaigns.category,
        campaigns.launch_date,
        {{ iso_week_start('campaigns.launch_date') }} as iso_week_start,
        first_days.spend_first_72h_thb,
        first_days.revenue_first_72h_thb,
        first_days.margin_first_72h_thb,
        {{ safe_divide('first_days.revenue_first_72h_thb', 'first_days.spend_first_72h_thb') }}
            as roas_first_72h,
        milestones.break_even_date,
        milestones.scaled_on,
        -- inferred pause: a campaign switched off now was decided on the day after its last spend
        case
            when campaigns.status in ('PAUSED', 'DELETED', 'ARCHIVED')
                then {{ shift_date('campaigns.last_spend_date', 1) }}
        end as paused_on
    from campaigns
    inner join first_days
        on campaigns.platform = first_days.platform and campaigns.campaign_id = first_days.campaign_id
    inner join milestones
        on campaigns.platform = milestones.platform and campaigns.campaign_id = milestones.campaign_id
),

decisions as (
    select
        *,
        case
            when scaled_on is null then paused_on
            when paused_on is null then scaled_on
            when scaled_on <= paused_on then scaled_on
            else paused_on
        end as decided_on
    from launches
),

weeks as (
    select
        iso_week_start,
        owner,
        category,
        count(*) as campaigns_launched,
        count(break_even_date) as break_even_campaigns,
        count(decided_on) as decided_campaigns,
        count(scaled_on) as scaled_campaigns,
        count(paused_on) as paused_campaigns,
        avg(
            case when decided_on is not null
                then {{ day_number('decided_on') }} - {{ day_number('launch_date') }} end
        ) as avg_days_to_decision,
        avg(
            case when break_even_date is not null
                then {{ day_number('break_even_date') }} - {{ day_number('launch_date') }} end
        ) as avg_days_to_break_even,
        avg(roas_first_72h) as avg_roas_first_72h,
        avg(margin_first_72h_thb) as avg_margin_first_72h_thb,
        sum(spend_first_72h_thb) as spend_first_72h_thb
    from decisions
    group by
        iso_week_start,
        owner,
        category
),

final as (
    select
        {{ surrogate_key(['iso_week_start', 'owner', 'category']) }} as launch_analytics_id,
        cast({{ iso_week_label('iso_week_start') }} as string) as iso_week,
        cast(owner as string) as owner,
        cast(category as string) as category,
        cast(campaigns_launched as bigint) as campaigns_launched,
        cast(break_even_campaigns as bigint) as break_even_campaigns,
        cast({{ safe_divide('break_even_campaigns', 'campaigns_launched') }} as decimal(38, 9))
            as break_even_rate,
        cast(decided_campaigns as bigint) as decided_campaigns,
        cast(scaled_campaigns as bigint) as scaled_campaigns,
        cast(paused_campaigns as bigint) as paused_campaigns,
        cast(avg_days_to_decision as decimal(38, 9)) as avg_days_to_decision,
        cast(avg_days_to_break_even as decimal(38, 9)) as avg_days_to_break_even,
        cast(avg_roas_first_72h as decimal(38, 9)) as avg_roas_first_72h,
        cast(avg_margin_first_72h_thb as decimal(38, 9)) as avg_margin_first_72h_thb,
        cast(spend_first_72h_thb as decimal(38, 9)) as spend_first_72h_thb,
        iso_week_start
    from weeks
)

select * from final
