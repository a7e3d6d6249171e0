import Type, { type Static } from 'typebox'
import { PageQuery } from '../http/pagination.js'

/** Who acted, as the audit log and settings history show it. */
export const ActorRef = Type.Object({
  type: Type.String({ description: 'admin, api-key, customer or system' }),
  id: Type.String(),
}, { description: 'The actor; null when the request had none' })
export type ActorRef = Static<typeof ActorRef>

/** One audit log entry. `before`/`after` hold only the top-level fields that changed. */
export const AuditEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: Type.Union([ActorRef, Type.Null()]),
  action: Type.String({ description: 'What happened: a route operationId, or a name like `core.setting.updated`' }),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown({ description: 'State before the change (changed fields only); null when not recorded' }),
  after: Type.Unknown({ description: 'State after the change, or the request body with secrets redacted' }),
  requestId: Type.String(),
  source: Type.Union([Type.Literal('service'), Type.Literal('request')], {
    description: '`service`: recorded by the code that made the change; `request`: recorded by the kernel from the admin request',
  }),
})
export type AuditEntry = Static<typeof AuditEntry>

const FilterText = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 200, description }))

/** Filters and page of `GET /admin/audit-log`. */
export const AuditLogQuery = Type.Object({
  ...PageQuery.properties,
  actorId: FilterText('Only entries by this actor id'),
  actorType: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('api-key'), Type.Literal('customer'), Type.Literal('system')])),
  action: FilterText('Only this action'),
  targetType: FilterText('Only this target type'),
  targetId: FilterText('Only this target id'),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Entries at or after this time' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Entries strictly before this time' })),
}, { additionalProperties: false })
export type AuditLogQuery = Static<typeof AuditLogQuery>
