-- Each ECB fixing applies from its day until the day before the next fixing of the currency,
-- and the latest fixing applies from its day on. Joining a day to the span that contains it is
-- the as-of join "latest rate on or before the day" without date arithmetic or a calendar.
with

fx_rates as (
    select
        currency_code,
        rate_to_thb,
        date_day
    from {{ ref('fx_rates') }}
),

final as (
    select
        currency_code,
        cast(rate_to_thb as decimal(38, 9)) as rate_to_thb,
        date_day as valid_from_date,
        coalesce(
            lead(date_day) over (partition by currency_code order by date_day),
            cast('9999-12-31' as date)
        ) as valid_until_date
    from fx_rates
)

select * from final
