with

meta_ad_accounts as (
    select
        account_id,
        account_name,
        currency_code,
        account_timezone,
        account_status,
        is_active
    from {{ ref('stg_meta__ad_accounts') }}
),

meta as (
    select
        account_id,
        'meta' as platform,
        account_name,
        currency_code,
        account_timezone,
        account_status,
        is_active
    from meta_ad_accounts
),

google_ads_customers as (
    select
        account_id,
        account_name,
        currency_code,
        account_timezone,
        account_status,
        is_active
    from {{ ref('stg_google_ads__customers') }}
),

google_ads as (
    select
        account_id,
        'google_ads' as platform,
        account_name,
        currency_code,
        account_timezone,
        account_status,
        is_active
    from google_ads_customers
),

tiktok_advertisers as (
    select
        account_id,
        account_name,
        currency_code,
        account_timezone,
        account_status,
        is_active
    from {{ ref('stg_tiktok__advertisers') }}
),

tiktok as (
    select
        account_id,
        'tiktok' as platform,
        account_name,
        currency_code,
        account_timezone,
        account_status,
        is_active
    from tiktok_advertisers
),

unioned as (
    select * from meta
    union all
    select * from google_ads
    union all
    select * from tiktok
),

final as (
    select
        cast(account_id as string) as account_id,
        cast(platform as string) as platform,
        cast(account_name as string) as account_name,
        cast(currency_code as string) as currency_code,
        cast(account_timezone as string) as account_timezone,
        cast(account_status as string) as account_status,
        cast(is_active as boolean) as is_active
    from unioned
)

select * from final
