import { Type, type Static } from '@comptoir/core'
import { Id, Nullable, Timestamp } from './common.js'

export const CustomerGroup = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type CustomerGroup = Static<typeof CustomerGroup>

export const CustomerGroupInput = Type.Object({
  code: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 40, description: 'Stable, URL-safe: what pricing rules refer to' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
}, { additionalProperties: false })
export type CustomerGroupInput = Static<typeof CustomerGroupInput>
export const CustomerGroupUpdate = Type.Partial(CustomerGroupInput, { additionalProperties: false, minProperties: 1 })
export type CustomerGroupUpdate = Static<typeof CustomerGroupUpdate>

export const GroupParams = Type.Object({ groupId: Id }, { additionalProperties: false })
export type GroupParams = Static<typeof GroupParams>
export const CustomerGroupList = Type.Object({ items: Type.Array(CustomerGroup) })
export type CustomerGroupList = Static<typeof CustomerGroupList>
