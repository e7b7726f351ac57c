{{ config(contract={'enforced': true}) }}

{#-
    Expected vs actual impact of every applied budget action over the `outcome_days` days from
    the account-local day it was applied (var `optimizer_outcome_days`, default 7), against the
    same number of days before. The ops tables are read when they exist (no plan ever made →
    no rows).
-#}
{%- set days = var('optimizer_outcome_days', 7) | int -%}
{%- set have_ops = optimizer_ops_exist(['budget_action_plans', 'audit_log']) -%}

-- depends_on: {{ source('optimizer_ops', 'budget_action_plans') }}
-- depends_on: {{ source('optimizer_ops', 'audit_log') }}
with

{% if have_ops -%}
plans as (
    select
        action_id,
        run_id,
        platform,
        object_id,
        action_type,
        rule,
        expected_spend_change_thb,
        expected_margin_change_thb,
        confidence
    from {{ source('optimizer_ops', 'budget_action_plans') }}
),

audit_log as (
    select
        action_id,
        event,
        occurred_at
    from {{ source('optimizer_ops', 'audit_log') }}
),
{%- else -%}
plans as (
    select
        cast(null as string) as action_id,
        cast(null as string) as run_id,
        cast(null as string) as platform,
        cast(null as string) as object_id,
        cast(null as string) as action_type,
        cast(null as string) as rule,
        cast(null as decimal(38, 9)) as expected_spend_change_thb,
        cast(null as decimal(38, 9)) as expected_margin_change_thb,
        cast(null as decimal(38, 9)) as confidence
    where false
),

audit_log as (
    select
        cast(null as string) as action_id,
        cast(null as string) as event,
        cast(null as timestamp) as occurred_at
    where false
),
{%- endif %}

owners as (
    select
        budget_owner_id,
        platform,
        object_id,
        account_id,
        object_level,
        account_timezone
    from {{ ref('dim_budget_owners') }}
),

owner_days as (
    select
        budget_owner_id,
        account_id,
        spend_thb,
        margin_thb,
        date_day
    from {{ ref('budget_owner_performance_daily') }}
),

-- the platform held the action's value from its first `applied` (or `reconciled`) event on
applied as (
    select
        action_id,
        min(occurred_at) as applied_at
    from audit_log
    where event in ('applied', 'reconciled')
    group by action_id
),

-- the last day each account has data for: days after it are not observed yet
data_through as (
    select
        account_id,
        max({{ day_number('date_day') }}) as last_day_number
    from owner_days
    group by account_id
),

applied_actions as (
    select
        plans.*,
        applied.applied_at,
        owners.budget_owner_id,
        owners.account_id,
        owners.object_level,
        cast({{ local_datetime('applied.applied_at', 'owners.account_timezone') }} as date)
            as applied_date
    from plans
    inner join applied
        on plans.action_id = applied.action_id
    inner join owners
        on plans.platform = owners.platform and plans.object_id = owners.object_id
),

windows as (
    select
        applied_actions.action_id,
        count(
            case
                when {{ day_number('owner_days.date_day') }} >= {{ day_number('applied_actions.applied_date') }}
                    and {{ day_number('owner_days.date_day') }} < {{ day_number('applied_actions.applied_date') }} + {{ days }}
                    then 1
            end
        ) as days_observed,
        {%- for side, low, high in [('before', -days, 0), ('after', 0, days)] %}
        {%- for metric in ['spend_thb', 'margin_thb'] %}
        sum(
            case
                when {{ day_number('owner_days.date_day') }} >= {{ day_number('applied_actions.applied_date') }} + ({{ low }})
                    and {{ day_number('owner_days.date_day') }} < {{ day_number('applied_actions.applied_date') }} + ({{ high }})
                    then owner_days.{{ metric }}
                else 0
            end
        ) / {{ days }} as {{ metric | replace('_thb', '') }}_{{ side }}_thb{{ ',' if not (side == 'after' and metric == 'margin_thb') }}
        {%- endfor %}
        {%- endfor %}
    from applied_actions
    left join owner_days
        on applied_actions.budget_owner_id = owner_days.budget_owner_id
    group by applied_actions.action_id
),

compared as (
    select
        applied_actions.*,
        windows.days_observed,
        windows.spend_before_thb,
        windows.spend_after_thb,
        windows.margin_before_thb,
        windows.margin_after_thb,
        windows.spend_after_thb - windows.spend_before_thb as actual_spend_change_thb,
        windows.margin_after_thb - windows.margin_before_thb as actual_margin_change_thb,
        coalesce(
            {{ day_number('applied_actions.applied_date') }} + {{ days }} - 1 < data_through.last_day_number,
            false
        ) as is_complete
    from applied_actions
    inner join windows
        on applied_actions.action_id = windows.action_id
    left join data_through
        on applied_actions.account_id = data_through.account_id
),

judged as (
    select
        *,
        case
            when not is_complete or expected_margin_change_thb = 0 or actual_margin_change_thb = 0 then null
            else (expected_margin_change_thb > 0) = (actual_margin_change_thb > 0)
        end as is_direction_matched
    from compared
),

final as (
    select
        cast(action_id as string) as action_id,
        cast(run_id as string) as run_id,
        cast(budget_owner_id as string) as budget_owner_id,
        cast(platform as string) as platform,
        cast(account_id as string) as account_id,
        cast(object_id as string) as object_id,
        cast(object_level as string) as object_level,
        cast(action_type as string) as action_type,
        cast(rule as string) as rule,
        cast({{ days }} as bigint) as outcome_window_days,
        cast(days_observed as bigint) as days_observed,
        cast(expected_spend_change_thb as decimal(38, 9)) as expected_spend_change_thb,
        cast(expected_margin_change_thb as decimal(38, 9)) as expected_margin_change_thb,
        cast(confidence as decimal(38, 9)) as confidence,
        cast(spend_before_thb as decimal(38, 9)) as spend_before_thb,
        cast(spend_after_thb as decimal(38, 9)) as spend_after_thb,
        cast(margin_before_thb as decimal(38, 9)) as margin_before_thb,
        cast(margin_after_thb as decimal(38, 9)) as margin_after_thb,
        cast(actual_spend_change_thb as decimal(38, 9)) as actual_spend_change_thb,
        cast(actual_margin_change_thb as decimal(38, 9)) as actual_margin_change_thb,
        cast(
            avg(case when is_direction_matched then 1.0 when not is_direction_matched then 0.0 end)
                over (partition by platform)
            as decimal(38, 9)
        ) as recommendation_accuracy,
        cast(is_complete as boolean) as is_complete,
        cast(is_direction_matched as boolean) as is_direction_matched,
        cast(applied_date as date) as applied_date,
        cast(applied_at as timestamp) as applied_at
    from judged
)

select * from final
