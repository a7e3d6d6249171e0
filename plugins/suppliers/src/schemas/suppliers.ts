import { Page, Type, type Static } from '@comptoir/core'
import { Amount, Code, CurrencyCode, Days, Id, Name, Note, NullableString, PageFields, Timestamp, Units } from './common.js'

export const Contact = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+() .-]+$' })),
}, { additionalProperties: false })
export type Contact = Static<typeof Contact>

export const Supplier = Type.Object({
  id: Id,
  name: Type.String(),
  code: NullableString,
  currency: CurrencyCode,
  contacts: Type.Array(Contact),
  paymentTerms: NullableString,
  paymentTermsDays: Type.Union([Type.Integer(), Type.Null()], { description: 'Days after the invoice the supplier is paid' }),
  leadTimeDays: Type.Integer({ description: 'Days from sending an order to its arrival, unless an item overrides it' }),
  minimumOrderAmount: Type.Union([Type.Integer(), Type.Null()], { description: 'Minor units of currency; a purchase order below it is topped up by replenishment' }),
  active: Type.Boolean(),
  notes: NullableString,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Supplier = Static<typeof Supplier>
export const SupplierPage = Page(Supplier)

const supplierFields = {
  name: Name,
  code: Type.Optional(Type.Union([Code, Type.Null()])),
  currency: CurrencyCode,
  contacts: Type.Optional(Type.Array(Contact, { maxItems: 20 })),
  paymentTerms: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  paymentTermsDays: Type.Optional(Type.Union([Days, Type.Null()])),
  leadTimeDays: Type.Optional(Days),
  minimumOrderAmount: Type.Optional(Type.Union([Amount, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
  notes: Type.Optional(Type.Union([Note, Type.Null()])),
}
export const SupplierInput = Type.Object(supplierFields, { additionalProperties: false })
export type SupplierInput = Static<typeof SupplierInput>
export const SupplierPatch = Type.Partial(Type.Object(supplierFields), { additionalProperties: false, minProperties: 1 })
export type SupplierPatch = Static<typeof SupplierPatch>
export const SupplierQuery = Type.Object({ ...PageFields, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
export type SupplierQuery = Static<typeof SupplierQuery>
export const SupplierParams = Type.Object({ supplierId: Id }, { additionalProperties: false })
export type SupplierParams = Static<typeof SupplierParams>

export const SupplierItem = Type.Object({
  id: Id,
  supplierId: Id,
  variantId: Id,
  supplierSku: Type.String(),
  cost: Type.Object({ amount: Type.Integer(), currency: CurrencyCode }, { description: 'Per unit, minor units' }),
  packSize: Type.Integer({ description: 'Units per pack: orders are multiples of it' }),
  minimumOrderQuantity: Type.Integer(),
  leadTimeDays: Type.Union([Type.Integer(), Type.Null()], { description: "Overrides the supplier's lead time" }),
  preferred: Type.Boolean({ description: 'The supplier replenishment orders this variant from (one per variant)' }),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type SupplierItem = Static<typeof SupplierItem>
export const SupplierItemPage = Page(SupplierItem)

const itemFields = {
  supplierSku: Type.String({ minLength: 1, maxLength: 255 }),
  cost: Type.Object({ amount: Amount, currency: CurrencyCode }, { additionalProperties: false }),
  packSize: Type.Optional(Units),
  minimumOrderQuantity: Type.Optional(Units),
  leadTimeDays: Type.Optional(Type.Union([Days, Type.Null()])),
  preferred: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
}
export const SupplierItemInput = Type.Object({ supplierId: Id, variantId: Id, ...itemFields }, { additionalProperties: false })
export type SupplierItemInput = Static<typeof SupplierItemInput>
export const SupplierItemPatch = Type.Partial(Type.Object(itemFields), { additionalProperties: false, minProperties: 1 })
export type SupplierItemPatch = Static<typeof SupplierItemPatch>
export const SupplierItemQuery = Type.Object({
  ...PageFields,
  supplierId: Type.Optional(Id),
  variantId: Type.Optional(Id),
}, { additionalProperties: false })
export type SupplierItemQuery = Static<typeof SupplierItemQuery>
export const SupplierItemParams = Type.Object({ supplierItemId: Id }, { additionalProperties: false })
export type SupplierItemParams = Static<typeof SupplierItemParams>

export const SupplierPerformance = Type.Object({
  supplierId: Id,
  receipts: Type.Integer({ description: 'Receipts counted' }),
  unitsOrdered: Type.Integer({ description: 'On closed orders (received)' }),
  unitsReceived: Type.Integer({ description: 'Accepted on closed orders, capped at what each line ordered' }),
  onTimeRate: Type.Union([Type.Number(), Type.Null()], { description: 'Share of accepted units received on or before their expected day; null without receipts' }),
  fillRate: Type.Union([Type.Number(), Type.Null()], { description: 'unitsReceived / unitsOrdered over closed orders (received); null without any' }),
  averageLeadTimeDays: Type.Union([Type.Number(), Type.Null()], { description: 'Mean days from sending an order to each of its receipts' }),
})
export type SupplierPerformance = Static<typeof SupplierPerformance>
