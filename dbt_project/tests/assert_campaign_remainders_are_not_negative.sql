{{ config(severity='warn') }}

-- Campaign remainder rows with a negative metric: the source's ad-level report exceeds its
-- campaign-level report for that campaign and day (the two levels disagree). Kept so account-day
-- totals equal Ads Manager's campaign totals; surfaced here for a person (DECISIONLOG 3).

with

remainders as (
    select
        platform,
        account_id,
        campaign_id,
        date_day,
        spend,
        impressions,
        clicks,
        conversions,
        conversion_value
    from {{ ref('fct_ad_performance_daily') }}
    where reporting_level = 'campaign'
),

final as (
    select *
    from remainders
    where
        spend < 0
        or impressions < 0
        or clicks < 0
        or conversions < 0
        or conversion_value < 0
)

select * from final
