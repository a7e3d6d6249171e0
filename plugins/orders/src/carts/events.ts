import { Type } from '@comptoir/core'

const Id = Type.String({ format: 'uuid' })

/** Events the carts half of the orders plugin emits (ids only: no email, no address). */
export const cartEvents = {
  'orders.cart.created': Type.Object({
    cartId: Id,
    customerId: Type.Union([Id, Type.Null()]),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  }, { additionalProperties: false }),
  /** A guest cart's lines moved into the customer's open cart at login (`intoCartId`, possibly the same cart adopted). */
  'orders.cart.merged': Type.Object({
    cartId: Id,
    intoCartId: Id,
    customerId: Id,
  }, { additionalProperties: false }),
}
