import { Page, Type, type Static } from '@comptoir/core'
import { Id, Timestamp } from './common.js'

const Line = Type.String({ maxLength: 255 })
export const Address = Type.Object({
  line1: Type.Optional(Line),
  line2: Type.Optional(Line),
  city: Type.Optional(Type.String({ maxLength: 100 })),
  postalCode: Type.Optional(Type.String({ maxLength: 20 })),
  region: Type.Optional(Type.String({ maxLength: 100 })),
  countryCode: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })),
}, { additionalProperties: false })
export type Address = Static<typeof Address>

export const StockLocation = Type.Object({
  id: Id,
  name: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Address, Type.Null()]),
  priority: Type.Integer({ description: 'Higher ships first' }),
  active: Type.Boolean(),
  ships: Type.Boolean({ description: 'Whether orders may be reserved and shipped from here' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type StockLocation = Static<typeof StockLocation>
export const StockLocationPage = Page(StockLocation)

const Priority = Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })
export const StockLocationInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  code: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()])),
  address: Type.Optional(Type.Union([Address, Type.Null()])),
  priority: Type.Optional(Priority),
  active: Type.Optional(Type.Boolean()),
  ships: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type StockLocationInput = Static<typeof StockLocationInput>

export const StockLocationPatch = Type.Partial(StockLocationInput, { additionalProperties: false, minProperties: 1 })
export type StockLocationPatch = Static<typeof StockLocationPatch>
