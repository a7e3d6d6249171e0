import { Type } from '@comptoir/core'

const Score = { score: Type.Integer({ minimum: 0, maximum: 100 }), decision: Type.String() }

/** Events fraud emits (outbox). Payloads carry ids and scores, never emails or IPs. */
export const fraudEvents = {
  'fraud.assessment.scored': Type.Object({ orderId: Type.String({ format: 'uuid' }), ...Score }),
  'fraud.checkout.blocked': Type.Object({ cartId: Type.String({ format: 'uuid' }), assessmentId: Type.String({ format: 'uuid' }), score: Type.Integer() }),
  'fraud.review.approved': Type.Object({ orderId: Type.String({ format: 'uuid' }), score: Type.Integer() }),
  'fraud.review.rejected': Type.Object({ orderId: Type.String({ format: 'uuid' }), score: Type.Integer() }),
  'fraud.label.recorded': Type.Object({ orderId: Type.String({ format: 'uuid' }), label: Type.String(), source: Type.String() }),
}
export type FraudEventName = keyof typeof fraudEvents
