import { Type, type Static } from '@comptoir/core'

/** Every rule fraud knows, with its default weight (points added to the score when it hits) and parameters. */
export const ruleDefaults = {
  velocity_email: { weight: 25, limit: 3, windowMinutes: 60, explanation: 'More orders from this email than the limit within the window' },
  velocity_customer: { weight: 20, limit: 3, windowMinutes: 60, explanation: 'More orders from this customer account than the limit within the window' },
  velocity_ip: { weight: 20, limit: 5, windowMinutes: 60, explanation: 'More orders from this IP address than the limit within the window' },
  velocity_device: { weight: 20, limit: 5, windowMinutes: 60, explanation: 'More orders from this device than the limit within the window' },
  velocity_card: { weight: 20, limit: 3, windowMinutes: 1440, explanation: 'More orders paid with this card than the limit within the window' },
  failed_payments: { weight: 25, limit: 3, windowMinutes: 60, explanation: 'More declined payments or refused checkouts (by email, IP or device) than the limit within the window' },
  many_cards: { weight: 25, limit: 3, windowMinutes: 1440, explanation: 'More distinct cards used with this email than the limit within the window' },
  country_mismatch: { weight: 15, limit: 0, windowMinutes: 0, explanation: 'Billing, shipping and card countries differ' },
  first_order_high_value: { weight: 20, limit: 3, windowMinutes: 0, explanation: 'First order of this email, above `limit` times the store\'s average order (needs 10 orders to average)' },
  disposable_email: { weight: 30, limit: 0, windowMinutes: 0, explanation: 'The email\'s domain is a disposable-address provider' },
  block_list: { weight: 100, limit: 0, windowMinutes: 0, explanation: 'The email, its domain, the IP, device, address or card is on the store\'s block list' },
  radar_elevated: { weight: 30, limit: 0, windowMinutes: 0, explanation: 'The payment gateway (Stripe Radar) rated the payment elevated risk' },
  radar_highest: { weight: 70, limit: 0, windowMinutes: 0, explanation: 'The payment gateway (Stripe Radar) rated the payment highest risk, or asked for review' },
} as const

export type RuleId = keyof typeof ruleDefaults
export const ruleIds = Object.keys(ruleDefaults) as RuleId[]

/** The settings override of one rule: anything left out keeps its default. */
export const RuleOverride = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  windowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 24 * 60 })),
}, { additionalProperties: false })

/** Setting `fraud.rules`: overrides by rule id (`{ "velocity_ip": { "limit": 10 }, "disposable_email": { "enabled": false } }`). */
export const RuleSettings = Type.Object(
  Object.fromEntries(ruleIds.map((id) => [id, Type.Optional(RuleOverride)])) as Record<RuleId, ReturnType<typeof Type.Optional<typeof RuleOverride>>>,
  { additionalProperties: false, default: {} },
)
export type RuleSettings = Partial<Record<RuleId, Static<typeof RuleOverride>>>

export interface Rule { id: RuleId, enabled: boolean, weight: number, limit: number, windowMinutes: number, explanation: string }

/** The effective rules: defaults with the store's overrides. */
export function effectiveRules (overrides: RuleSettings): Record<RuleId, Rule> {
  return Object.fromEntries(ruleIds.map((id) => {
    const d = ruleDefaults[id]
    const o = overrides[id] ?? {}
    return [id, { id, enabled: o.enabled ?? true, weight: o.weight ?? d.weight, limit: o.limit ?? d.limit, windowMinutes: o.windowMinutes ?? d.windowMinutes, explanation: d.explanation }]
  })) as Record<RuleId, Rule>
}

/** One reason stored with an assessment. */
export interface Reason { rule: RuleId, points: number, explanation: string, detail?: Record<string, unknown> }

/** Score 0–100 from the reasons; decision from the store's thresholds. */
export function decide (reasons: Reason[], thresholds: { reviewThreshold: number, blockThreshold: number }): { score: number, decision: 'allow' | 'review' | 'block' } {
  const score = Math.min(100, reasons.reduce((sum, r) => sum + r.points, 0))
  const decision = score >= thresholds.blockThreshold ? 'block' : score >= thresholds.reviewThreshold ? 'review' : 'allow'
  return { score, decision }
}
