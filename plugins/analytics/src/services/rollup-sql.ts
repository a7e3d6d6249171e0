// The SQL of analytics.compute-rollups. Every statement starts from the same parameters row `p`
// (first and last local day, time zone, and the UTC bounds of those days), bound once.
export const params = `p as (
  select d0, d1, tz, d0::timestamp at time zone tz as lo, (d1 + 1)::timestamp at time zone tz as hi, attribution
  from (select ?::date as d0, ?::date as d1, ?::text as tz, make_interval(days => ?::int) as attribution) x)`

const source = `coalesce(nullif(lower(trim(e.utm_source)), ''), substring(lower(e.referrer) from '^[a-z][a-z0-9+.-]*://([^/:\\?#]+)'), '(direct)')`
const medium = `coalesce(nullif(lower(trim(e.utm_medium)), ''), case when nullif(trim(e.utm_source), '') is null and e.referrer ~* '^[a-z][a-z0-9+.-]*://[^/:\\?#]+' then 'referral' end, '(none)')`
const campaign = `coalesce(nullif(trim(e.utm_campaign), ''), '(none)')`
const day = (column: string): string => `(${column} at time zone p.tz)::date`

/** First and last campaign landing (session that completed checkout, or the customer's) within the attribution window, and the channel. */
export const attributeOrders = `
  with ${params},
  o as (select a.order_id, a.customer_id, a.placed_at from analytics_orders a, p where a.placed_at >= p.lo and a.placed_at < p.hi),
  link as (
    select distinct on (e.order_id) e.order_id, e.session_id from analytics_events e, p
    where e.type = 'checkout_completed' and e.occurred_at >= p.lo - p.attribution and e.occurred_at < p.hi + interval '1 day'
      and e.order_id in (select order_id from o)
    order by e.order_id, e.occurred_at),
  -- Two equality joins (the checkout session's touches, the customer's), not one join on an OR:
  -- each is a hash join instead of a nested loop over every landing.
  touch as (
    select o.order_id, e.occurred_at, e.event_id, array[${source}, ${medium}, ${campaign}] as t
    from o join link l on l.order_id = o.order_id cross join p
    join analytics_events e on e.session_id = l.session_id and e.type = 'campaign_landing'
      and e.occurred_at <= o.placed_at and e.occurred_at > o.placed_at - p.attribution and e.occurred_at >= p.lo - p.attribution and e.occurred_at < p.hi
    union
    select o.order_id, e.occurred_at, e.event_id, array[${source}, ${medium}, ${campaign}] as t
    from o cross join p
    join analytics_events e on e.customer_id = o.customer_id and e.type = 'campaign_landing'
      and e.occurred_at <= o.placed_at and e.occurred_at > o.placed_at - p.attribution and e.occurred_at >= p.lo - p.attribution and e.occurred_at < p.hi
    where o.customer_id is not null),
  ranked as (
    select order_id, t, row_number() over (partition by order_id order by occurred_at, event_id) as first_rank,
      row_number() over (partition by order_id order by occurred_at desc, event_id desc) as last_rank
    from touch)
  update analytics_orders a set session_id = l.session_id, first_touch = f.t, last_touch = la.t,
    channel = case when la.t is null or la.t[2] = '(none)' then 'direct' else la.t[2] end, updated_at = now()
  from o left join link l on l.order_id = o.order_id
    left join ranked f on f.order_id = o.order_id and f.first_rank = 1
    left join ranked la on la.order_id = o.order_id and la.last_rank = 1
  where a.order_id = o.order_id`

/** Orders and gross by placement day, refunds by refund day; cancelled orders count in neither. */
export const sales = `
  with ${params},
  placed as (
    select ${day('o.placed_at')} as day, o.currency, coalesce(o.channel, 'direct') as channel, count(*) as orders, sum(o.total_amount) as gross, 0 as refunded
    from analytics_orders o, p where o.placed_at >= p.lo and o.placed_at < p.hi and o.cancelled_at is null group by 1, 2, 3),
  refunded as (
    select ${day('r.refunded_at')} as day, r.currency, coalesce(o.channel, 'direct') as channel, 0 as orders, 0 as gross, sum(r.amount) as refunded
    from analytics_refunds r join analytics_orders o on o.order_id = r.order_id, p
    where r.refunded_at >= p.lo and r.refunded_at < p.hi and o.cancelled_at is null group by 1, 2, 3)
  insert into analytics_daily_sales (day, currency, channel, orders, gross_amount, refunded_amount)
  select day, currency, channel, sum(orders), sum(gross), sum(refunded) from (select * from placed union all select * from refunded) s group by 1, 2, 3`

export const categorySales = `
  with ${params}
  insert into analytics_daily_category_sales (day, currency, category_id, channel, orders, units, revenue_amount)
  select ${day('o.placed_at')}, o.currency, c.category_id, coalesce(o.channel, 'direct'), count(distinct o.order_id), sum(l.quantity), sum(l.total_amount)
  from analytics_orders o join analytics_order_lines l on l.order_id = o.order_id
    cross join lateral unnest(case when cardinality(l.category_ids) = 0 then array[null::uuid] else l.category_ids end) as c(category_id), p
  where o.placed_at >= p.lo and o.placed_at < p.hi and o.cancelled_at is null
  group by 1, 2, 3, 4`

export const products = `
  with ${params},
  seen as (
    select ${day('e.occurred_at')} as day, e.product_id, count(*) filter (where e.type = 'product_view') as views,
      count(distinct e.session_id) filter (where e.type = 'product_view') as viewing_sessions,
      count(*) filter (where e.type = 'add_to_cart') as add_to_carts, 0 as orders, 0 as units
    from analytics_events e, p where e.occurred_at >= p.lo and e.occurred_at < p.hi and e.type in ('product_view', 'add_to_cart') group by 1, 2),
  bought as (
    select ${day('o.placed_at')} as day, l.product_id, 0 as views, 0 as viewing_sessions, 0 as add_to_carts, count(distinct o.order_id) as orders, sum(l.quantity) as units
    from analytics_orders o join analytics_order_lines l on l.order_id = o.order_id, p
    where o.placed_at >= p.lo and o.placed_at < p.hi and o.cancelled_at is null group by 1, 2)
  insert into analytics_daily_products (day, product_id, views, viewing_sessions, add_to_carts, orders, units)
  select day, product_id, sum(views), sum(viewing_sessions), sum(add_to_carts), sum(orders), sum(units)
  from (select * from seen union all select * from bought) s group by 1, 2`

/** Terms lower-cased and trimmed; a click is a product view that names the search it came from. */
export const searches = `
  with ${params}
  insert into analytics_daily_searches (day, query, searches, zero_result_searches, sessions, clicks)
  select ${day('e.occurred_at')}, lower(trim(e.search_query)), count(*) filter (where e.type = 'search'),
    count(*) filter (where e.type = 'search' and e.result_count = 0), count(distinct e.session_id) filter (where e.type = 'search'),
    count(*) filter (where e.type = 'product_view')
  from analytics_events e, p
  where e.occurred_at >= p.lo and e.occurred_at < p.hi and e.type in ('search', 'product_view') and e.search_query is not null and trim(e.search_query) <> ''
  group by 1, 2
  having count(*) filter (where e.type = 'search') > 0`

/** Distinct sessions per step and day; a purchase is a session that completed checkout of an order orders confirmed. */
export const funnel = `
  with ${params},
  bought as (select order_id from analytics_orders where cancelled_at is null)
  insert into analytics_daily_funnel (day, sessions, product_views, add_to_carts, checkouts, purchases)
  select ${day('e.occurred_at')}, count(distinct e.session_id),
    count(distinct e.session_id) filter (where e.type = 'product_view'),
    count(distinct e.session_id) filter (where e.type = 'add_to_cart'),
    count(distinct e.session_id) filter (where e.type = 'checkout_started'),
    count(distinct e.session_id) filter (where e.type = 'checkout_completed' and e.order_id in (select order_id from bought))
  from analytics_events e, p
  where e.occurred_at >= p.lo and e.occurred_at < p.hi and e.type <> 'purchase'
  group by 1`

export const campaignSessions = `
  with ${params}
  insert into analytics_daily_campaign_sessions (day, source, medium, campaign, sessions)
  select ${day('e.occurred_at')}, ${source}, ${medium}, ${campaign}, count(distinct e.session_id)
  from analytics_events e, p
  where e.occurred_at >= p.lo and e.occurred_at < p.hi and e.type = 'campaign_landing'
  group by 1, 2, 3, 4`

export const campaignOrders = `
  with ${params}
  insert into analytics_daily_campaign_orders (day, model, source, medium, campaign, currency, orders, revenue_amount)
  select ${day('o.placed_at')}, m.model, coalesce(t[1], '(direct)'), coalesce(t[2], '(none)'), coalesce(t[3], '(none)'), o.currency, count(*), sum(o.total_amount)
  from analytics_orders o cross join p
    cross join lateral (values ('first', o.first_touch), ('last', o.last_touch)) as m(model, t)
  where o.placed_at >= p.lo and o.placed_at < p.hi and o.cancelled_at is null
  group by 1, 2, 3, 4, 5, 6`

export const dailyTables = ['analytics_daily_sales', 'analytics_daily_category_sales', 'analytics_daily_products', 'analytics_daily_searches',
  'analytics_daily_funnel', 'analytics_daily_campaign_sessions', 'analytics_daily_campaign_orders']
