import { Page, PageQuery, Type, type Static } from '@comptoir/core'
import { Id, NullableId, NullableString, NullableTimestamp, Timestamp } from './common.js'

export const TaskStatus = Type.Union([Type.Literal('open'), Type.Literal('done')])

export const Task = Type.Object({
  id: Id,
  title: Type.String(),
  notes: NullableString,
  customerId: NullableId,
  ticketId: NullableId,
  assigneeId: Id,
  dueAt: Timestamp,
  status: TaskStatus,
  completedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Task = Static<typeof Task>
export const TaskPage = Page(Task)

export const TaskInput = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
  customerId: Type.Optional(Id),
  ticketId: Type.Optional(Id),
  assigneeId: Type.Optional(Type.String({ format: 'uuid', description: 'An admin user; default: the admin creating it' })),
  dueAt: Type.String({ format: 'date-time' }),
}, { additionalProperties: false })
export type TaskInput = Static<typeof TaskInput>

export const TaskPatch = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  notes: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
  assigneeId: Type.Optional(Id),
  dueAt: Type.Optional(Type.String({ format: 'date-time' })),
  status: Type.Optional(TaskStatus),
}, { additionalProperties: false, minProperties: 1 })
export type TaskPatch = Static<typeof TaskPatch>

export const TaskParams = Type.Object({ taskId: Id }, { additionalProperties: false })
export type TaskParams = Static<typeof TaskParams>

export const TaskQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(TaskStatus),
  assigneeId: Type.Optional(Id),
  customerId: Type.Optional(Id),
}, { additionalProperties: false })
export type TaskQuery = Static<typeof TaskQuery>
