import { Type, type Static } from '@comptoir/core'
import { Id, Nullable, Phone, Timestamp } from './common.js'

export const Address = Type.Object({
  id: Id,
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  company: Nullable(Type.String()),
  line1: Type.String(),
  line2: Nullable(Type.String()),
  city: Type.String(),
  region: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  countryCode: Type.String(),
  phone: Nullable(Type.String()),
  isDefaultShipping: Type.Boolean(),
  isDefaultBilling: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Address = Static<typeof Address>

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max })
const fields = {
  firstName: Type.Optional(Nullable(Text(100))),
  lastName: Type.Optional(Nullable(Text(100))),
  company: Type.Optional(Nullable(Text(100))),
  line2: Type.Optional(Nullable(Text(200))),
  region: Type.Optional(Nullable(Text(100))),
  postalCode: Type.Optional(Nullable(Text(20))),
  phone: Type.Optional(Nullable(Phone)),
  isDefaultShipping: Type.Optional(Type.Boolean()),
  isDefaultBilling: Type.Optional(Type.Boolean()),
}
const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })

export const AddressInput = Type.Object({ ...fields, line1: Text(200), city: Text(100), countryCode: CountryCode }, { additionalProperties: false })
export type AddressInput = Static<typeof AddressInput>
export const AddressUpdate = Type.Object({
  ...fields, line1: Type.Optional(Text(200)), city: Type.Optional(Text(100)), countryCode: Type.Optional(CountryCode),
}, { additionalProperties: false, minProperties: 1 })
export type AddressUpdate = Static<typeof AddressUpdate>

export const AddressParams = Type.Object({ addressId: Id }, { additionalProperties: false })
export type AddressParams = Static<typeof AddressParams>
export const AddressList = Type.Object({ items: Type.Array(Address) })
export type AddressList = Static<typeof AddressList>
