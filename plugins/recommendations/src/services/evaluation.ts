import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import type { RecommendationsConfig } from '../config.js'
import type { Evaluation } from '../schemas.js'
import { boughtTogetherCtes, forYouCtes } from './model-sql.js'
import { neighbours } from './models.js'

// Hold-out split: each customer's last order (for customers with two or more) is the truth; the
// models learn from every other order, with the same SQL the rebuild uses. The truth is what that
// last order held that the customer had not bought before.
const evaluationSql = `
  with customer_orders as (
    select customer_id, order_id,
           row_number() over (partition by customer_id order by max(occurred_at) desc, order_id desc) as recency,
           count(*) over (partition by customer_id) as orders
    from recommendations_interactions
    where kind = 'purchase' and customer_id is not null and order_id is not null
    group by customer_id, order_id
  ),
  held_out as (select customer_id, order_id from customer_orders where recency = 1 and orders >= 2),
  src as (
    select i.customer_id, i.session_id, i.order_id, i.product_id, i.kind, i.quantity, i.occurred_at from recommendations_interactions i
    where i.kind = 'purchase' and not exists (select 1 from held_out h where h.order_id = i.order_id)
  ),
  bought as (select distinct customer_id, product_id from src where customer_id is not null),
  truth as (
    select distinct h.customer_id, i.product_id from held_out h
    join recommendations_interactions i on i.order_id = h.order_id and i.kind = 'purchase'
    where not exists (select 1 from bought b where b.customer_id = h.customer_id and b.product_id = i.product_id)
  ),
  fy_customers as (select distinct customer_id from truth),
  ${boughtTogetherCtes},
  ${forYouCtes},
  popular as (
    select product_id, count(distinct order_id) as n from src group by product_id order by n desc, product_id limit :candidates
  ),
  popularity_picks as (
    select c.customer_id, p.product_id, row_number() over (partition by c.customer_id order by p.n desc, p.product_id) as rank
    from fy_customers c cross join popular p
    where not exists (select 1 from bought b where b.customer_id = c.customer_id and b.product_id = p.product_id)
  ),
  together_picks as (
    select customer_id, product_id, row_number() over (partition by customer_id order by score desc, product_id) as rank from (
      select b.customer_id, r.related_id as product_id, sum(r.score) as score
      from bought b join fy_customers c on c.customer_id = b.customer_id join bt_ranked r on r.product_id = b.product_id and r.rank <= :keep
      where not exists (select 1 from bought o where o.customer_id = b.customer_id and o.product_id = r.related_id)
      group by b.customer_id, r.related_id
    ) scored
  ),
  picks as (
    select 'popularity' as model, customer_id, product_id from popularity_picks where rank <= :k
    union all select 'boughtTogether', customer_id, product_id from together_picks where rank <= :k
    union all select 'forYou', customer_id, product_id from fy_ranked where rank <= :k
  ),
  hits as (
    select m.model, c.customer_id, count(t.product_id) as hits
    from (values ('popularity'), ('boughtTogether'), ('forYou')) as m(model) cross join fy_customers c
    left join picks p on p.model = m.model and p.customer_id = c.customer_id
    left join truth t on t.customer_id = p.customer_id and t.product_id = p.product_id
    group by m.model, c.customer_id
  ),
  sizes as (select customer_id, count(*) as n from truth group by customer_id)
  select h.model, count(*) as customers,
         avg(case when h.hits > 0 then 1.0 else 0.0 end) as hit_rate,
         avg(h.hits / cast(:k as double precision)) as precision_at_k,
         avg(h.hits / cast(s.n as double precision)) as recall_at_k
  from hits h join sizes s on s.customer_id = h.customer_id
  group by h.model`

interface MetricRow { model: 'popularity' | 'boughtTogether' | 'forYou', customers: string | number, hit_rate: string | number, precision_at_k: string | number, recall_at_k: string | number }

/** Offline measurement of the models against a popularity baseline, on a hold-out split of the store's own orders. */
export function createEvaluationService (_cradle: Cradle, { config }: PluginScope<RecommendationsConfig>) {
  return {
    /**
     * Holds out each customer's last order and reports hit rate, precision and recall at `k` of
     * popularity, bought-together (summed over the customer's earlier purchases) and for-you.
     * Reads only; everything is computed in one statement.
     */
    async evaluate (ctx: Ctx, k = 10): Promise<Evaluation> {
      const result = await ctx.db.raw(evaluationSql, {
        k, keep: Math.max(k, config.keepPerProduct), halfLife: config.halfLifeDays, minSupport: config.minSupport, candidates: k * 20, neighbours,
        viewWeight: config.signalWeights.view, cartWeight: config.signalWeights.cart,
      }) as { rows: MetricRow[] }
      const zero = { hitRate: 0, precision: 0, recall: 0 }
      const models = { popularity: { ...zero }, boughtTogether: { ...zero }, forYou: { ...zero } }
      let customers = 0
      for (const row of result.rows) {
        customers = Number(row.customers)
        models[row.model] = { hitRate: Number(row.hit_rate), precision: Number(row.precision_at_k), recall: Number(row.recall_at_k) }
      }
      return { k, customers, models }
    },
  }
}

export type EvaluationService = ReturnType<typeof createEvaluationService>
