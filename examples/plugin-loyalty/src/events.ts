import { Type } from '@comptoir/core'

const Change = { customerId: Type.String({ format: 'uuid' }), points: Type.Integer(), orderId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) }

/** Events loyalty emits (name → payload): ids and point counts, no personal data. */
export const loyaltyEvents = {
  'loyalty.points.earned': Type.Object(Change),
  'loyalty.points.reversed': Type.Object(Change),
  'loyalty.points.redeemed': Type.Object(Change),
  'loyalty.points.restored': Type.Object(Change),
  'loyalty.points.adjusted': Type.Object(Change),
}
