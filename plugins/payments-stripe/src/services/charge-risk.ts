import type Stripe from 'stripe'
import type { PaymentRisk } from '@comptoir/plugin-orders'

/**
 * What Stripe Radar said about a charge (risk level and score, the outcome type) and the card's
 * fingerprint and country, for orders' checkout extensions (fraud). Nothing else of the charge is
 * kept: it also carries the cardholder's name and address.
 */
export function riskOf (charge: Stripe.Charge | string | null | undefined): PaymentRisk | undefined {
  if (charge == null || typeof charge === 'string') return undefined
  const card = charge.payment_method_details?.card
  const risk: PaymentRisk = {}
  if (charge.outcome?.risk_level != null) risk.level = charge.outcome.risk_level
  if (charge.outcome?.risk_score != null) risk.score = charge.outcome.risk_score
  if (charge.outcome?.type != null) risk.outcome = charge.outcome.type
  if (card?.fingerprint != null) risk.cardFingerprint = card.fingerprint
  if (card?.country != null) risk.cardCountry = card.country
  return Object.keys(risk).length > 0 ? risk : undefined
}
