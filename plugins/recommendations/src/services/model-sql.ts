/**
 * The models as SQL fragments (CTEs) over `src`, a relation of interactions (customer_id,
 * session_id, order_id, product_id, kind, quantity, occurred_at). The rebuild feeds them the live
 * interactions; the offline evaluation feeds them a training split. Named bindings: `:halfLife`
 * (days), `:minSupport`, `:keep`, `:neighbours`, `:viewWeight`, `:cartWeight`. No `::` casts here
 * (they would clash with named bindings). Bought-together reads purchases only (rows with an order).
 */

/** Each order's decayed weight; each product's weighted order count. */
const orderWeights = `
  bt_orders as (
    select order_id, exp(greatest(-700, -ln(2) * extract(epoch from (now() - max(occurred_at))) / 86400.0 / :halfLife)) as w
    from src where order_id is not null group by order_id
  ),
  bt_items as (
    select s.product_id, sum(o.w) as w from (select distinct order_id, product_id from src where order_id is not null) s
    join bt_orders o on o.order_id = s.order_id group by s.product_id
  )`

/**
 * Frequently bought together: cosine of decayed co-occurrence in orders, co / sqrt(n_a · n_b),
 * for pairs seen in at least `:minSupport` distinct orders; the best `:keep` per product.
 */
export const boughtTogetherCtes = `${orderWeights},
  bt_pairs as (
    select a.product_id, b.product_id as related_id, count(*) as support, sum(o.w) as w
    from (select distinct order_id, product_id from src where order_id is not null) a
    join (select distinct order_id, product_id from src where order_id is not null) b on b.order_id = a.order_id and b.product_id <> a.product_id
    join bt_orders o on o.order_id = a.order_id
    group by a.product_id, b.product_id having count(*) >= :minSupport
  ),
  bt_ranked as (
    select p.product_id, p.related_id, p.support, p.w / sqrt(ia.w * ib.w) as score,
           row_number() over (partition by p.product_id order by p.w / sqrt(ia.w * ib.w) desc, p.related_id) as rank
    from bt_pairs p join bt_items ia on ia.product_id = p.product_id join bt_items ib on ib.product_id = p.related_id
  )`

/** A kind's weight against a purchase (1): views and add-to-carts come from analytics' events. */
export const kindWeight = "(case kind when 'purchase' then 1.0 when 'cart' then :cartWeight else :viewWeight end)"

/** Item-based collaborative filtering's input: each subject's (a customer, or an anonymous session) decayed, kind-weighted history. */
export const forYouHistoryCte = `
  fy_history as (
    select coalesce(cast(customer_id as text), 's|' || session_id) as subject, customer_id, product_id,
      max(${kindWeight} * exp(greatest(-700, -ln(2) * extract(epoch from (now() - occurred_at)) / 86400.0 / :halfLife))) as w,
      bool_or(kind = 'purchase') as bought
    from src where customer_id is not null or session_id is not null group by 1, 2, 3
  )`

/**
 * Part 1: item-item cosine over `fy_history`, each item's `:neighbours` most similar kept
 * (bounding the work at subjects × history × neighbours) as `fy_neighbours (product_id, related_id, s)`.
 */
export const forYouNeighbourCtes = `
  fy_norms as (select product_id, sqrt(sum(w * w)) as n from fy_history group by product_id),
  fy_sim as (
    select a.product_id, b.product_id as related_id, sum(a.w * b.w) / (na.n * nb.n) as s
    from fy_history a join fy_history b on b.subject = a.subject and b.product_id <> a.product_id
    join fy_norms na on na.product_id = a.product_id join fy_norms nb on nb.product_id = b.product_id
    group by a.product_id, b.product_id, na.n, nb.n
  ),
  fy_neighbours as (
    select product_id, related_id, s from (
      select product_id, related_id, s, row_number() over (partition by product_id order by s desc, related_id) as rank from fy_sim
    ) ranked where rank <= :neighbours
  )`

/**
 * Part 2: each customer in `fy_customers` scores the neighbours of what they bought, viewed or
 * carted (over `fy_history` and `fy_neighbours`), minus what they already bought; the best `:keep`.
 */
export const forYouScoreCtes = `
  fy_scores as (
    select h.customer_id, s.related_id as product_id, sum(h.w * s.s) as score
    from fy_history h join fy_customers c on c.customer_id = h.customer_id join fy_neighbours s on s.product_id = h.product_id
    where not exists (select 1 from fy_history o where o.subject = h.subject and o.product_id = s.related_id and o.bought)
    group by h.customer_id, s.related_id
  ),
  fy_ranked as (
    select customer_id, product_id, score, row_number() over (partition by customer_id order by score desc, product_id) as rank from fy_scores
  )`

/** Both parts, in one statement (the offline evaluation). */
export const forYouCtes = `${forYouHistoryCte}, ${forYouNeighbourCtes}, ${forYouScoreCtes}`

/** The live interactions (purchases, and views and add-to-carts when analytics is installed), as `src`. */
export const liveSource = `src as (
  select customer_id, session_id, order_id, product_id, kind, quantity, occurred_at from recommendations_interactions
  where occurred_at > now() - make_interval(days => :historyDays)
)`
