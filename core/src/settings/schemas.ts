import Type, { type Static } from 'typebox'
import { ActorRef } from '../audit/schemas.js'

/** `/admin/settings/:plugin/:name` */
export const SettingParams = Type.Object({
  plugin: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$', description: 'The plugin that declares the setting' }),
  name: Type.String({ pattern: '^[a-z][a-zA-Z0-9]{0,59}$', description: 'The setting\'s name within the plugin' }),
}, { additionalProperties: false })
export type SettingParams = Static<typeof SettingParams>

export const SettingsQuery = Type.Object({
  plugin: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$', description: 'Only this plugin\'s settings' })),
}, { additionalProperties: false })
export type SettingsQuery = Static<typeof SettingsQuery>

/** A setting as the admin sees it: schema, default, current value and version. */
export const Setting = Type.Object({
  key: Type.String({ description: '`<plugin>.<name>`' }),
  plugin: Type.String(),
  name: Type.String(),
  schema: Type.Unknown({ description: 'The JSON Schema values are validated against' }),
  default: Type.Unknown({ description: 'The value while the setting was never set' }),
  value: Type.Unknown({ description: 'The current value: the stored one, else the default' }),
  version: Type.Integer({ minimum: 0, description: 'Increments on every change; 0 while never set' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedBy: Type.Union([ActorRef, Type.Null()]),
})
export type Setting = Static<typeof Setting>

export const SettingList = Type.Object({ items: Type.Array(Setting) })
export type SettingList = Static<typeof SettingList>

/** `PUT /admin/settings/:plugin/:name`; send `expectedVersion` to refuse overwriting someone else's change. */
export const UpdateSettingInput = Type.Object({
  value: Type.Unknown({ description: 'The new value, checked against the setting\'s schema' }),
  expectedVersion: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'The version you read; a different current version is a 409' })),
}, { additionalProperties: false })
export type UpdateSettingInput = Static<typeof UpdateSettingInput>

/** One version in a setting's history. */
export const SettingChange = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  oldValue: Type.Unknown({ description: 'The value before this version (the default before the first)' }),
  newValue: Type.Unknown(),
  changedAt: Type.String({ format: 'date-time' }),
  actor: Type.Union([ActorRef, Type.Null()]),
  requestId: Type.String(),
})
export type SettingChange = Static<typeof SettingChange>
