import { Type, type Static } from '@comptoir/core'
import { Id, Nullable, Timestamp } from './common.js'

/** A saved payment method: references into the gateway, never card data beyond brand, last 4 and expiry. */
export const PaymentMethod = Type.Object({
  id: Id,
  gateway: Type.String(),
  gatewayCustomerId: Nullable(Type.String()),
  gatewayMethodId: Type.String(),
  brand: Nullable(Type.String()),
  last4: Nullable(Type.String()),
  expMonth: Nullable(Type.Integer()),
  expYear: Nullable(Type.Integer()),
  isDefault: Type.Boolean(),
  createdAt: Timestamp,
})
export type PaymentMethod = Static<typeof PaymentMethod>

export const PaymentMethodInput = Type.Object({
  gateway: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' }),
  gatewayCustomerId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  gatewayMethodId: Type.String({ minLength: 1, maxLength: 255 }),
  brand: Type.Optional(Type.String({ pattern: '^[a-z][a-z_ -]{0,19}$' })),
  last4: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
  expMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
  expYear: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  isDefault: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type PaymentMethodInput = Static<typeof PaymentMethodInput>

export const PaymentMethodParams = Type.Object({ paymentMethodId: Id }, { additionalProperties: false })
export type PaymentMethodParams = Static<typeof PaymentMethodParams>
export const PaymentMethodList = Type.Object({ items: Type.Array(PaymentMethod) })
export type PaymentMethodList = Static<typeof PaymentMethodList>
