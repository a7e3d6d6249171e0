import { readFileSync } from 'node:fs'
import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { BeforePaymentResult, CheckoutFacts, CheckoutFailure, CheckoutOrderRef, PaymentResultFacts } from '@comptoir/plugin-orders'
import type { FraudConfig } from '../config.js'
import { checkoutRefusedCode, checkoutRefusedMessage } from '../errors.js'
import { decide, effectiveRules, type Reason, type Rule, type RuleId, type RuleSettings } from '../rules/catalog.js'
import type { AssessmentStatus } from '../schemas.js'
import { createHasher, emailDomain, normalizeAddress, normalizeEmail } from './hashing.js'
import { createSignals, windowSum, type CounterKey, type CounterRows, type Dimension } from './signals.js'

interface Thresholds { reviewThreshold: number, blockThreshold: number }
interface AssessmentRow {
  id: string, order_id: string | null, order_number: string | null, email_hash: string, ip_hash: string | null, device_hash: string | null,
  billing_country: string | null, customer_id: string | null, score: number, decision: 'allow' | 'review' | 'block', status: AssessmentStatus, reasons: Reason[], radar: unknown
}

/** The disposable-domain list shipped with the plugin (`data/disposable-domains.txt`), read once per app. */
function loadDisposableDomains (): Set<string> {
  const text = readFileSync(new URL('../../data/disposable-domains.txt', import.meta.url), 'utf8')
  return new Set(text.split('\n').map((l) => l.trim().toLowerCase()).filter((l) => l !== '' && !l.startsWith('#')))
}

interface Scored { reasons: Reason[], score: number, decision: 'allow' | 'review' | 'block', ids: { email: string, emailHash: string, ipHash: string | null, deviceHash: string | null } }

const velocityRules: Array<[RuleId, Dimension]> = [['velocity_email', 'email'], ['velocity_customer', 'customer'], ['velocity_ip', 'ip'], ['velocity_device', 'device']]

/**
 * Risk scoring: the checkout extension's three hooks. `beforePayment` counts the checkout on
 * every velocity key, evaluates the rules, stores the assessment with every reason and answers
 * allow, hold (review) or refuse (block); `afterPayment` adds what the gateway said (Radar, the
 * card) and may hold the order; `onFailure` counts refused checkouts as failures.
 */
export function createScoringService (cradle: Cradle, scope: PluginScope<FraudConfig>) {
  const hash = createHasher(scope.config.hashSecret)
  const signals = createSignals()
  const disposable = loadDisposableDomains()

  // The store average moves slowly: read at most once a minute per currency (per app, not per module).
  const averages = new Map<string, { at: number, value: number }>()
  async function averageOf (ctx: Ctx, currency: string): Promise<number | null> {
    const cached = averages.get(currency)
    if (cached != null && Date.now() - cached.at < 60_000) return cached.value
    const value = await signals.storeAverage(ctx, currency)
    if (value != null) averages.set(currency, { at: Date.now(), value })
    return value
  }

  async function settingsOf (ctx: Ctx): Promise<{ rules: Record<RuleId, Rule>, thresholds: Thresholds }> {
    const all = await cradle.settings.getAll(ctx, 'fraud')
    const value = (name: string): unknown => all.find((s) => s.key === `fraud.${name}`)?.value
    return {
      rules: effectiveRules((value('rules') ?? {}) as RuleSettings),
      thresholds: { reviewThreshold: Number(value('reviewThreshold') ?? 40), blockThreshold: Number(value('blockThreshold') ?? 80) },
    }
  }

  function reason (rule: Rule, detail: Record<string, unknown>): Reason {
    return { rule: rule.id, points: rule.weight, explanation: rule.explanation, detail }
  }

  function keysOf (facts: { emailHash: string, customerId: string | null, ipHash: string | null, deviceHash: string | null }): CounterKey[] {
    const keys: CounterKey[] = [{ dimension: 'email', keyHash: facts.emailHash }]
    if (facts.customerId != null) keys.push({ dimension: 'customer', keyHash: hash(`customer:${facts.customerId}`) })
    if (facts.ipHash != null) keys.push({ dimension: 'ip', keyHash: facts.ipHash })
    if (facts.deviceHash != null) keys.push({ dimension: 'device', keyHash: facts.deviceHash })
    return keys
  }

  function identities (facts: Pick<CheckoutFacts, 'email' | 'request'>): { email: string, emailHash: string, ipHash: string | null, deviceHash: string | null } {
    const email = normalizeEmail(facts.email)
    return {
      email,
      emailHash: hash(`email:${email}`),
      ipHash: facts.request.ip == null ? null : hash(`ip:${facts.request.ip.toLowerCase()}`),
      deviceHash: facts.request.deviceId == null || facts.request.deviceId === '' ? null : hash(`device:${facts.request.deviceId}`),
    }
  }

  function velocityReasons (rules: Record<RuleId, Rule>, counters: CounterRows): Reason[] {
    const out: Reason[] = []
    for (const [id, dimension] of velocityRules) {
      const rule = rules[id]
      if (!rule.enabled) continue
      const count = windowSum(counters, dimension, 'order', rule.windowMinutes)
      if (count > rule.limit) out.push(reason(rule, { dimension, count, limit: rule.limit, windowMinutes: rule.windowMinutes }))
    }
    const failed = rules.failed_payments
    if (failed.enabled) {
      const worst = (['email', 'ip', 'device'] as Dimension[]).map((d) => ({ dimension: d, count: windowSum(counters, d, 'failure', failed.windowMinutes) })).sort((a, b) => b.count - a.count)[0]!
      if (worst.count > failed.limit) out.push(reason(failed, { ...worst, limit: failed.limit, windowMinutes: failed.windowMinutes }))
    }
    return out
  }

  async function scoreCheckout (ctx: Ctx, facts: CheckoutFacts): Promise<Scored> {
    const { rules, thresholds } = await settingsOf(ctx)
    const ids = identities(facts)
    const maxWindow = Math.max(...velocityRules.map(([id]) => rules[id].windowMinutes), rules.failed_payments.windowMinutes)
    const counters = await signals.countOrder(ctx, keysOf({ ...ids, customerId: facts.customerId }), maxWindow)
    const reasons = velocityReasons(rules, counters)
    const shipping = facts.shippingAddress?.country ?? null
    const billing = facts.billingAddress?.country ?? null
    if (rules.country_mismatch.enabled && shipping != null && billing != null && shipping !== billing) reasons.push(reason(rules.country_mismatch, { billing, shipping }))
    const domain = emailDomain(ids.email)
    if (rules.disposable_email.enabled && disposable.has(domain)) reasons.push(reason(rules.disposable_email, { domain }))
    const candidates = rules.block_list.enabled
      ? cradle.fraudBlockList.hashesOf([
        { kind: 'email', value: ids.email }, { kind: 'email_domain', value: domain }, { kind: 'ip', value: facts.request.ip }, { kind: 'device', value: facts.request.deviceId },
        { kind: 'address', value: normalizeAddress(facts.shippingAddress) }, { kind: 'address', value: normalizeAddress(facts.billingAddress) },
      ])
      : []
    // The block list and the email's history in one statement.
    const { firstOrder, blocked } = await signals.lookups(ctx, ids.emailHash, facts.orderId, candidates)
    if (blocked.length > 0) reasons.push(reason(rules.block_list, { kinds: blocked }))
    const high = rules.first_order_high_value
    if (high.enabled && firstOrder) {
      const average = await averageOf(ctx, facts.currency)
      if (average != null && facts.totals.total > high.limit * average) reasons.push(reason(high, { total: facts.totals.total, average: Math.round(average), ratio: high.limit }))
    }
    return { reasons, ...decide(reasons, thresholds), ids }
  }

  async function insertAssessment (ctx: Ctx, facts: CheckoutFacts, scored: Scored, status: AssessmentStatus, orderId: string | null): Promise<string> {
    const [row] = await ctx.db('fraud_assessments').insert({
      // A placed order's assessment has the order's id (the admin's pages link rows by id); a blocked one its own.
      ...(orderId != null ? { id: orderId } : {}),
      order_id: orderId, cart_id: facts.cartId, customer_id: facts.customerId, email: scored.ids.email, email_hash: scored.ids.emailHash,
      ip_hash: scored.ids.ipHash, device_hash: scored.ids.deviceHash, billing_country: facts.billingAddress?.country ?? null,
      currency: facts.currency, total_amount: facts.totals.total, score: scored.score, decision: scored.decision, status, reasons: JSON.stringify(scored.reasons),
    }).returning('id') as Array<{ id: string }>
    return row!.id
  }

  return {
    /** Scores a checkout inside its transaction (the `beforePayment` hook). */
    async beforePayment (ctx: Ctx, facts: CheckoutFacts): Promise<BeforePaymentResult | undefined> {
      const scored = await scoreCheckout(ctx, facts)
      if (scored.decision === 'block') {
        // The refusal rolls checkout's transaction back; onFailure records the attempt afterwards.
        return { refuse: { code: checkoutRefusedCode, message: checkoutRefusedMessage, status: 403, data: scored } }
      }
      await insertAssessment(ctx, facts, scored, scored.decision === 'review' ? 'held' : 'allowed', facts.orderId)
      if (scored.decision === 'allow') return undefined
      await cradle.events.emit(ctx, 'fraud.assessment.scored', { orderId: facts.orderId, score: scored.score, decision: scored.decision })
      return { hold: { reason: `Fraud review: score ${scored.score}` } }
    },

    /** Adds the gateway's view (Radar, card) to the order's assessment; may hold the order (the `afterPayment` hook). */
    async afterPayment (ctx: Ctx, order: CheckoutOrderRef, payment: PaymentResultFacts): Promise<{ hold?: { reason: string } } | undefined> {
      // One statement: records the order number (known once the order is written) and locks the row.
      const [row] = await ctx.db('fraud_assessments').where({ order_id: order.orderId })
        .update({ order_number: ctx.db.raw('coalesce(order_number, ?)', [order.number]) }).returning('*') as AssessmentRow[]
      if (row == null) return undefined
      if (payment.status === 'failed') {
        await signals.countFailure(ctx, keysOf({ emailHash: row.email_hash, customerId: row.customer_id, ipHash: row.ip_hash, deviceHash: row.device_hash }))
        return undefined
      }
      // The gateway's view is scored once per order (authorized and captured both arrive).
      if (payment.risk == null || row.radar != null || (payment.status !== 'authorized' && payment.status !== 'captured')) return undefined
      const { rules, thresholds } = await settingsOf(ctx)
      const risk = payment.risk
      const added: Reason[] = []
      const level = risk.level?.toLowerCase()
      const outcome = risk.outcome?.toLowerCase()
      if (rules.radar_highest.enabled && (level === 'highest' || outcome === 'manual_review' || outcome === 'blocked')) added.push(reason(rules.radar_highest, { level: level ?? null, outcome: outcome ?? null }))
      else if (rules.radar_elevated.enabled && level === 'elevated') added.push(reason(rules.radar_elevated, { level }))
      if (risk.cardFingerprint != null) {
        const cardHash = hash(`card:${risk.cardFingerprint}`)
        const card = rules.velocity_card
        const counters = await signals.countOrder(ctx, [{ dimension: 'card', keyHash: cardHash }], card.windowMinutes)
        const count = windowSum(counters, 'card', 'order', card.windowMinutes)
        if (card.enabled && count > card.limit) added.push(reason(card, { count, limit: card.limit, windowMinutes: card.windowMinutes }))
        const cards = await signals.linkCard(ctx, row.email_hash, cardHash, rules.many_cards.windowMinutes)
        if (rules.many_cards.enabled && cards > rules.many_cards.limit) added.push(reason(rules.many_cards, { cards, limit: rules.many_cards.limit }))
        if (rules.block_list.enabled && !row.reasons.some((r) => r.rule === 'block_list') && (await cradle.fraudBlockList.matches(ctx, [{ kind: 'card', value: risk.cardFingerprint }])).length > 0) {
          added.push(reason(rules.block_list, { kinds: ['card'] }))
        }
      }
      const cardCountry = risk.cardCountry?.toUpperCase()
      if (rules.country_mismatch.enabled && cardCountry != null && row.billing_country != null && cardCountry !== row.billing_country && !row.reasons.some((r) => r.rule === 'country_mismatch')) {
        added.push(reason(rules.country_mismatch, { billing: row.billing_country, card: cardCountry }))
      }
      const reasons = [...row.reasons, ...added.filter((a) => !row.reasons.some((r) => r.rule === a.rule))]
      const { score, decision } = decide(reasons, thresholds)
      // An order already placed cannot be refused: a block-level score after payment means review.
      const effective = decision === 'allow' ? 'allow' : 'review'
      const hold = effective === 'review' && row.status === 'allowed'
      await ctx.db('fraud_assessments').where({ id: row.id }).update({
        reasons: JSON.stringify(reasons), score, decision: effective, radar: JSON.stringify({ ...risk, cardFingerprint: undefined }),
        ...(hold ? { status: 'held' } : {}), updated_at: ctx.db.fn.now(),
      })
      if (added.length > 0 && effective !== 'allow') await cradle.events.emit(ctx, 'fraud.assessment.scored', { orderId: order.orderId, score, decision: effective })
      return hold ? { hold: { reason: `Fraud review: score ${score} after payment` } } : undefined
    },

    /** A refused checkout is recorded (status blocked) and counted as a failure on its email, IP and device (the `onFailure` hook, after the rollback). */
    async onFailure (ctx: Ctx, failure: CheckoutFailure): Promise<void> {
      if (failure.code !== checkoutRefusedCode || failure.facts == null || failure.refusal?.extension !== 'fraud') return
      const scored = failure.refusal.data as Scored
      const facts = failure.facts
      await inTransaction(ctx, async (tx) => {
        const assessmentId = await insertAssessment(tx, facts, scored, 'blocked', null)
        await signals.countFailure(tx, keysOf({ ...scored.ids, customerId: facts.customerId }))
        await cradle.events.emit(tx, 'fraud.checkout.blocked', { cartId: facts.cartId, assessmentId, score: scored.score })
      })
      ctx.log.info({ cartId: facts.cartId, score: scored.score }, 'fraud: checkout blocked')
    },

    /** Deletes velocity buckets past the retention (`fraud.prune-counters`). */
    async pruneCounters (ctx: Ctx): Promise<number> {
      return await signals.prune(ctx, scope.config.counterRetentionDays)
    },
  }
}
export type ScoringService = ReturnType<typeof createScoringService>
