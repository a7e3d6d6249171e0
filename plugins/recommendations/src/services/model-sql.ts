/**
 * The models as SQL fragments (CTEs) over `src`, a relation of purchase interactions
 * (customer_id, order_id, product_id, quantity, occurred_at). The rebuild feeds them the live
 * interactions; the offline evaluation feeds them a training split. Named bindings: `:halfLife`
 * (days), `:minSupport`, `:keep`, `:neighbours`. No `::` casts here (they would clash with named bindings).
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

/**
 * Item-based collaborative filtering: item-item cosine over customers' decayed histories (the
 * aggregate of every customer), each item's `:neighbours` most similar kept (bounding the work at
 * customers × history × neighbours), then each customer in `fy_customers` scores the items similar
 * to what they bought, minus what they already bought; the best `:keep` per customer.
 */
export const forYouCtes = `
  fy_history as (
    select customer_id, product_id, max(exp(greatest(-700, -ln(2) * extract(epoch from (now() - occurred_at)) / 86400.0 / :halfLife))) as w
    from src where customer_id is not null group by customer_id, product_id
  ),
  fy_norms as (select product_id, sqrt(sum(w * w)) as n from fy_history group by product_id),
  fy_sim as (
    select a.product_id, b.product_id as related_id, sum(a.w * b.w) / (na.n * nb.n) as s
    from fy_history a join fy_history b on b.customer_id = a.customer_id and b.product_id <> a.product_id
    join fy_norms na on na.product_id = a.product_id join fy_norms nb on nb.product_id = b.product_id
    group by a.product_id, b.product_id, na.n, nb.n
  ),
  fy_neighbours as (
    select product_id, related_id, s from (
      select product_id, related_id, s, row_number() over (partition by product_id order by s desc, related_id) as rank from fy_sim
    ) ranked where rank <= :neighbours
  ),
  fy_scores as (
    select h.customer_id, s.related_id as product_id, sum(h.w * s.s) as score
    from fy_history h join fy_customers c on c.customer_id = h.customer_id join fy_neighbours s on s.product_id = h.product_id
    where not exists (select 1 from fy_history o where o.customer_id = h.customer_id and o.product_id = s.related_id)
    group by h.customer_id, s.related_id
  ),
  fy_ranked as (
    select customer_id, product_id, score, row_number() over (partition by customer_id order by score desc, product_id) as rank from fy_scores
  )`

/** The live purchase interactions, as `src`. */
export const liveSource = `src as (
  select customer_id, order_id, product_id, quantity, occurred_at from recommendations_interactions
  where kind = 'purchase' and occurred_at > now() - make_interval(days => :historyDays)
)`
