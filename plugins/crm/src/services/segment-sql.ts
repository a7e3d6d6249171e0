import type { Ctx, Db } from '@comptoir/core'
import { InvalidSegmentRuleError } from '../errors.js'
import type { AttributeDefinition, Comparison, SegmentRule } from '../schemas/index.js'
import { columnsFor } from './attributes.js'

/** SQL operators by rule op: a fixed map, so no client text ever reaches the SQL. */
const operators: Record<Comparison, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }


export interface RuleSql { sql: string, bindings: Array<string | number | boolean | null> }

/** Checks attribute rules against their definitions (type of the value, enum options). */
export async function checkRules (ctx: Ctx, rules: readonly SegmentRule[]): Promise<void> {
  const keys = rules.flatMap((r) => r.field === 'attribute' ? [r.key] : [])
  const defs = new Map<string, AttributeDefinition>()
  if (keys.length > 0) {
    const rows = await ctx.db('crm_attribute_definitions').select('key', 'label', 'type', 'options', 'created_at').whereIn('key', keys) as Array<{ key: string, label: string, type: AttributeDefinition['type'], options: string[] | string, created_at: Date }>
    for (const r of rows) defs.set(r.key, { key: r.key, label: r.label, type: r.type, options: typeof r.options === 'string' ? JSON.parse(r.options) as string[] : r.options, createdAt: '' })
  }
  rules.forEach((rule, index) => {
    if (rule.field !== 'attribute') return
    const def = defs.get(rule.key)
    if (def == null) throw new InvalidSegmentRuleError(index, `no attribute '${rule.key}' is defined`)
    if (rule.op === 'set') return
    if (rule.value === undefined) throw new InvalidSegmentRuleError(index, `op '${rule.op}' needs a value`)
    if ((def.type === 'text' || def.type === 'enum' || def.type === 'boolean') && rule.op !== 'eq') throw new InvalidSegmentRuleError(index, `a ${def.type} attribute compares with eq or set only`)
    try {
      columnsFor(def, rule.value)
    } catch {
      throw new InvalidSegmentRuleError(index, `value does not fit the ${def.type} attribute '${rule.key}'`)
    }
  })
}

/** The attribute column a rule compares, by the attribute's type. */
const valueColumn: Record<string, string> = { text: 'value_text', enum: 'value_text', number: 'value_number', date: 'value_date', boolean: 'value_boolean' }

/** A rule over the customer's orders: one aggregate column of the per-customer order stats. */
function orderAggregate (rule: SegmentRule): RuleSql | null {
  const net = 'o.total_amount - o.refunded_amount'
  switch (rule.field) {
    case 'totalSpent': return { sql: `sum(${net}) filter (where o.currency = ?)`, bindings: [rule.currency] }
    case 'averageOrderValue': return { sql: `avg(${net}) filter (where o.currency = ?)`, bindings: [rule.currency] }
    case 'orderCount': return { sql: 'count(*)', bindings: [] }
    case 'lastOrderAt': return { sql: 'max(o.placed_at)', bindings: [] }
    case 'firstOrderAt': return { sql: 'min(o.placed_at)', bindings: [] }
    default: return null
  }
}

/**
 * One rule as a SQL condition on `p` (crm_profiles) and, for order rules, `s.rN` (its aggregate).
 * A customer without orders has no stats row: their spend and count are 0, their dates and average none.
 */
export function ruleSql (rule: SegmentRule, types: ReadonlyMap<string, string>, stat: string): RuleSql {
  switch (rule.field) {
    case 'totalSpent':
      return { sql: `coalesce(${stat}, 0) ${operators[rule.op]} ?`, bindings: [rule.amount] }
    case 'averageOrderValue':
      return { sql: `${stat} ${operators[rule.op]} ?`, bindings: [rule.amount] }
    case 'orderCount':
      return { sql: `coalesce(${stat}, 0) ${operators[rule.op]} ?`, bindings: [rule.value] }
    case 'lastOrderAt':
    case 'firstOrderAt':
      return { sql: `${stat} ${rule.op === 'before' ? '<' : '>='} now() - make_interval(days => ?::int)`, bindings: [rule.daysAgo] }
    case 'recency':
    case 'frequency':
    case 'monetary':
      return { sql: `p.rfm_${rule.field} ${operators[rule.op]} ?`, bindings: [rule.value] }
    case 'engagement':
      return { sql: `p.engagement_score ${operators[rule.op]} ?`, bindings: [rule.value] }
    case 'group':
      return { sql: '?::uuid = any(p.group_ids)', bindings: [rule.groupId] }
    case 'tag':
      return { sql: 'exists (select 1 from crm_tags t where t.customer_id = p.customer_id and t.tag = ?)', bindings: [rule.tag] }
    case 'marketingConsent':
      return { sql: 'p.marketing_consent = ?', bindings: [rule.value] }
    case 'country':
      return { sql: `p.country in (${rule.countries.map(() => '?').join(', ')})`, bindings: [...rule.countries] }
    case 'attribute': {
      const base = 'exists (select 1 from crm_attribute_values v where v.customer_id = p.customer_id and v.key = ?'
      if (rule.op === 'set') return { sql: `${base})`, bindings: [rule.key] }
      const column = valueColumn[types.get(rule.key) ?? 'text'] ?? 'value_text'
      const cast = column === 'value_date' ? '::date' : column === 'value_number' ? '::numeric' : column === 'value_boolean' ? '::boolean' : ''
      return { sql: `${base} and v.${column} ${operators[rule.op]} ?${cast})`, bindings: [rule.key, rule.value ?? null] }
    }
  }
}

/**
 * The customers matching all (or any) rules: a select of customer_id over crm_profiles. Order
 * rules read one per-customer aggregate of crm_orders (live orders only), computed in a single
 * pass and joined, instead of a subquery per customer and rule.
 */
export async function membersQuery (db: Db, rules: readonly SegmentRule[], match: 'all' | 'any'): Promise<RuleSql> {
  const keys = rules.flatMap((r) => r.field === 'attribute' ? [r.key] : [])
  const types = new Map<string, string>()
  if (keys.length > 0) {
    for (const r of await db('crm_attribute_definitions').select('key', 'type').whereIn('key', keys) as Array<{ key: string, type: string }>) types.set(r.key, r.type)
  }
  const aggregates: RuleSql[] = []
  const conditions = rules.map((rule) => {
    const aggregate = orderAggregate(rule)
    if (aggregate != null) aggregates.push(aggregate)
    return ruleSql(rule, types, `s.r${aggregates.length - 1}`)
  })
  const where = conditions.map((part) => `(${part.sql})`).join(match === 'all' ? ' and ' : ' or ')
  const stats = aggregates.length === 0
    ? ''
    : ` left join (select o.customer_id, ${aggregates.map((a, i) => `${a.sql} as r${i}`).join(', ')} from crm_orders o` +
      " where o.status <> 'cancelled' and o.customer_id is not null group by o.customer_id) s on s.customer_id = p.customer_id"
  return {
    sql: `select p.customer_id from crm_profiles p${stats} where ${where}`,
    bindings: [...aggregates.flatMap((a) => a.bindings), ...conditions.flatMap((part) => part.bindings)],
  }
}
