-- GA4 events of a set of sessions, in the BigQuery export shape (one row per event).
-- Inputs (registered by sandbox/ga4/events.py): `sessions` (one row per session, `sid` unique),
-- `lines` (purchased lines), `products` (idx, sku, name, grp, price in the property currency),
-- and the parameters $hostname, $currency, $usd_per_unit, $stream_id, and the property-local
-- day: $event_date ('YYYYMMDD') and its bounds $day_start_us, $day_end_us (UTC microseconds).
-- Columns: those of the export that a web stream fills (app_info, publisher ... are left out).
-- Events per session, in time order: first_visit (new users), session_start, page_view of
-- every page, view_item on a product landing page, add_to_cart / begin_checkout / purchase by
-- the funnel stage, user_engagement when the visit lasted a second or more. `arrival_us` is when
-- GA4 received the event (late for a few sessions); the writer keeps events that arrived by now.
with

s as (
    select
        *,
        case stage when 4 then 3 when 3 then 2 when 2 then 1 else 0 end as tail,
        gap_us // 1000 as gap_ms,
        (n_pages >= 2 or n_pages * (gap_us // 1000) >= 10000 or stage = 4) as engaged
    from sessions
),

pages as (
    select
        s.sid,
        k,
        case
            when k = 1 then coalesce('/products/' || lower(s.landing_sku), '/')
            when k > s.n_pages - s.tail
                then ['/cart', '/checkout', '/checkout/thank-you'][k - (s.n_pages - s.tail)]
            when (s.browse_base + k) % 3 = 0 then '/collections/' || p.grp
            else '/products/' || lower(p.sku)
        end as path,
        case
            when k = 1 and s.landing_sku is null then 'Siam Glow | Official Store'
            when k = 1 then lp.name || ' | Siam Glow'
            when k > s.n_pages - s.tail
                then ['Cart', 'Checkout', 'Thank you'][k - (s.n_pages - s.tail)] || ' | Siam Glow'
            when (s.browse_base + k) % 3 = 0 then upper(p.grp[1]) || p.grp[2:] || ' | Siam Glow'
            else p.name || ' | Siam Glow'
        end as title
    from s
    cross join range(1, s.n_pages + 1) as r(k)
    inner join products as p on p.idx = (s.browse_base + k) % 12
    left join products as lp on lp.sku = s.landing_sku
),

located as (
    select
        sid,
        k,
        'https://' || $hostname || path as url,
        lag('https://' || $hostname || path) over (partition by sid order by k) as previous_url,
        title
    from pages
),

order_items as (
    select
        l.transaction_id,
        list(item(p.sku, p.name, p.grp, l.unit_price, l.quantity, $usd_per_unit, true)
            order by l.line_no) as items,
        list(item(p.sku, p.name, p.grp, l.unit_price, l.quantity, $usd_per_unit, false)
            order by l.line_no)[1:1] as first_item,
        sum(l.quantity)::bigint as quantity,
        count(*) as unique_items,
        sum(l.unit_price * l.quantity) as subtotal
    from lines as l
    inner join products as p on p.sku = l.sku
    group by l.transaction_id
),

cart as (
    -- what a session puts in its cart: its order's lines, else one unit of cart_sku (the
    -- landing product, or one it browsed to)
    select
        s.sid,
        coalesce(oi.items, [item(p.sku, p.name, p.grp, p.price, 1, $usd_per_unit, false)])
            as items,
        coalesce(oi.first_item, [item(p.sku, p.name, p.grp, p.price, 1, $usd_per_unit, false)])
            as first_item,
        coalesce(oi.quantity, 1) as quantity,
        coalesce(oi.unique_items, 1) as unique_items,
        coalesce(oi.subtotal, p.price) as subtotal,
        p.price as first_price,
        [item(p.sku, p.name, p.grp, p.price, 1, $usd_per_unit, false)] as unit_item
    from s
    inner join products as p on p.sku = s.cart_sku
    left join order_items as oi on oi.transaction_id = s.transaction_id
),

ev as (
    select sid, 0 as seq, 'first_visit' as event_name, start_us as ts, 1 as k from s
    where is_new
    union all
    select sid, 1, 'session_start', start_us, 1 from s
    union all
    select sid, 2, 'page_view', start_us, 1 from s
    union all
    select sid, 3, 'view_item', start_us + gap_us * 3 // 10, 1 from s
    where stage >= 1 and landing_sku is not null
    union all
    select s.sid, 10 + r.k, 'page_view', s.start_us + (r.k - 1) * s.gap_us, r.k
    from s cross join range(2, s.n_pages + 1) as r(k)
    union all
    select sid, 50, 'add_to_cart', start_us + (n_pages - tail - 1) * gap_us + gap_us * 8 // 10,
        n_pages - tail
    from s where stage >= 2
    union all
    select sid, 60, 'begin_checkout', start_us + (n_pages - tail + 1) * gap_us + 1000,
        n_pages - tail + 2
    from s where stage >= 3
    union all
    select sid, 70, 'purchase', start_us + (n_pages - 1) * gap_us + 1000, n_pages
    from s where stage = 4
    union all
    select sid, 90, 'user_engagement', start_us + n_pages * gap_us, n_pages
    from s where gap_ms >= 1000
),

shaped as (
    select
        ev.seq,
        ev.event_name,
        ev.ts,
        ev.k,
        s.ga_session_id,
        s.ga_session_number,
        s.user_pseudo_id,
        s.user_first_touch_us,
        s.landing_query,
        s.referrer,
        s.source,
        s.medium,
        s.campaign,
        s.content,
        s.gclid,
        s.utm,
        s.gap_ms,
        s.engaged,
        s.transaction_id,
        s.shipping,
        s.order_total,
        s.device_category,
        s.mobile_brand_name,
        s.mobile_model_name,
        s.operating_system,
        s.operating_system_version,
        s.browser,
        s.browser_version,
        s.language,
        s.city,
        s.country,
        s.continent,
        s.region,
        s.sub_continent,
        s.ft_name,
        s.ft_medium,
        s.ft_source,
        loc.url,
        loc.title,
        loc.previous_url,
        cart.items as cart_items,
        cart.first_item,
        cart.quantity,
        cart.unique_items,
        cart.unit_item,
        ev.ts + case when ev.seq >= 3 then s.late_us else 0 end as arrival_us,
        ev.event_name in ('view_item', 'add_to_cart', 'begin_checkout', 'purchase') as is_ecommerce,
        case ev.event_name
            when 'purchase' then s.order_total
            when 'begin_checkout' then cart.subtotal
            when 'add_to_cart' then cart.first_price * coalesce(cart.first_item[1].quantity, 1)
            when 'view_item' then cart.first_price
        end as value
    from ev
    inner join s on s.sid = ev.sid
    inner join located as loc on loc.sid = ev.sid and loc.k = ev.k
    inner join cart on cart.sid = ev.sid
    where ev.ts >= $day_start_us and ev.ts < $day_end_us
)

select
    $event_date as event_date,
    ts as event_timestamp,
    event_name,
    list_filter([
        param('ga_session_id', null, ga_session_id, null),
        param('ga_session_number', null, ga_session_number, null),
        param('page_location', url || case when k = 1 then landing_query else '' end, null, null),
        param('page_title', title, null, null),
        param('page_referrer', case when seq <= 2 then referrer
            when event_name = 'page_view' then previous_url end, null, null),
        param('entrances', null, case when seq = 2 then 1 end, null),
        param('source', case when seq <= 2 then source end, null, null),
        param('medium', case when seq <= 2 then medium end, null, null),
        param('campaign', case when seq <= 2 then campaign end, null, null),
        param('content', case when seq <= 2 then content end, null, null),
        param('gclid', case when seq <= 2 then gclid end, null, null),
        param('engagement_time_msec', null,
            case when event_name = 'user_engagement' or seq > 10 and seq < 50 then gap_ms end,
            null),
        param('session_engaged', case when engaged and seq >= 3 then '1' end, null, null),
        param('currency', case when is_ecommerce then $currency end, null, null),
        param('value', null, null, value),
        param('transaction_id', case when event_name = 'purchase' then transaction_id end,
            null, null),
        param('shipping', null, null, case when event_name = 'purchase' then shipping end)
    ], lambda p: coalesce(p.value.string_value, p.value.int_value::varchar,
        p.value.double_value::varchar) is not null) as event_params,
    null::bigint as event_previous_timestamp,
    case when is_ecommerce then round(value * $usd_per_unit, 6) end as event_value_in_usd,
    ga_session_id * 100 + seq as event_bundle_sequence_id,
    case when arrival_us > ts then arrival_us - ts end as event_server_timestamp_offset,
    null::varchar as user_id,
    user_pseudo_id,
    {'analytics_storage': 'Yes', 'ads_storage': 'Yes', 'uses_transient_token': 'No'}
        as privacy_info,
    []::struct(key varchar, value struct(string_value varchar, int_value bigint,
        float_value double, double_value double, set_timestamp_micros bigint))[]
        as user_properties,
    user_first_touch_us as user_first_touch_timestamp,
    case when event_name = 'purchase' then {'revenue': order_total, 'currency': $currency} end
        as user_ltv,
    {
        'category': device_category,
        'mobile_brand_name': mobile_brand_name,
        'mobile_model_name': mobile_model_name,
        'mobile_marketing_name': null::varchar,
        'mobile_os_hardware_model': null::varchar,
        'operating_system': operating_system,
        'operating_system_version': operating_system_version,
        'language': language,
        'is_limited_ad_tracking': 'No',
        'time_zone_offset_seconds': null::bigint,
        'web_info': {'browser': browser, 'browser_version': browser_version,
            'hostname': $hostname}
    } as device,
    {'city': city, 'country': country, 'continent': continent, 'region': region,
        'sub_continent': sub_continent, 'metro': '(not set)'} as geo,
    {'name': ft_name, 'medium': ft_medium, 'source': ft_source} as traffic_source,
    $stream_id as stream_id,
    'WEB' as platform,
    case when is_ecommerce then {
        'total_item_quantity': case event_name when 'view_item' then 1
            when 'add_to_cart' then first_item[1].quantity else quantity end,
        'purchase_revenue_in_usd': case when event_name = 'purchase'
            then round(order_total * $usd_per_unit, 6) end,
        'purchase_revenue': case when event_name = 'purchase' then order_total end,
        'refund_value_in_usd': null::double,
        'refund_value': null::double,
        'shipping_value_in_usd': case when event_name = 'purchase'
            then round(shipping * $usd_per_unit, 6) end,
        'shipping_value': case when event_name = 'purchase' then shipping end,
        'tax_value_in_usd': null::double,
        'tax_value': null::double,
        'unique_items': case when event_name in ('begin_checkout', 'purchase')
            then unique_items else 1 end,
        'transaction_id': case when event_name = 'purchase' then transaction_id end
    } end as ecommerce,
    case event_name
        when 'purchase' then cart_items
        when 'begin_checkout' then cart_items
        when 'add_to_cart' then first_item
        when 'view_item' then unit_item
        else []
    end as items,
    case when seq <= 2 and (utm or gclid is not null) then {
        'manual_campaign_id': null::varchar,
        'manual_campaign_name': case when utm then campaign end,
        'manual_source': case when utm then source end,
        'manual_medium': case when utm then medium end,
        'manual_term': null::varchar,
        'manual_content': case when utm then content end,
        'gclid': gclid,
        'dclid': null::varchar,
        'srsltid': null::varchar
    } end as collected_traffic_source,
    true as is_active_user,
    arrival_us
from shaped
