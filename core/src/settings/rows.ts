import Value from 'typebox/value'
import type { Ctx } from '../context.js'
import type { SettingDefinition } from './catalog.js'
import type { Setting, SettingChange } from './schemas.js'

export interface SettingRow {
  key: string
  value: unknown
  version: number
  updated_at: Date | string | null
  updated_by_type: string | null
  updated_by_id: string | null
}

export interface HistoryRow {
  key: string
  version: number
  old_value: unknown
  new_value: unknown
  actor_type: string | null
  actor_id: string | null
  request_id: string
  changed_at: Date | string
}

function actorOf (type: string | null, id: string | null): Setting['updatedBy'] {
  return type != null && id != null ? { type, id } : null
}

/**
 * The value in force: the stored one, else the default. A stored value the schema no longer
 * accepts (the plugin changed it in an upgrade) falls back to the default, with a warning.
 */
export function effectiveValue (ctx: Ctx, definition: SettingDefinition, row: SettingRow | undefined): unknown {
  if (row == null || row.version === 0) return Value.Clone(definition.defaultValue)
  if (Value.Check(definition.schema, row.value)) return row.value
  ctx.log.warn({ setting: definition.key, version: row.version }, 'stored setting no longer matches its schema; using the default')
  return Value.Clone(definition.defaultValue)
}

export function toSetting (ctx: Ctx, definition: SettingDefinition, row: SettingRow | undefined): Setting {
  return {
    key: definition.key,
    plugin: definition.plugin,
    name: definition.name,
    schema: definition.schema,
    default: definition.defaultValue,
    value: effectiveValue(ctx, definition, row),
    version: row?.version ?? 0,
    updatedAt: row?.updated_at != null ? new Date(row.updated_at).toISOString() : null,
    updatedBy: actorOf(row?.updated_by_type ?? null, row?.updated_by_id ?? null),
  }
}

export function toSettingChange (row: HistoryRow): SettingChange {
  return {
    version: row.version,
    oldValue: row.old_value,
    newValue: row.new_value,
    changedAt: new Date(row.changed_at).toISOString(),
    actor: actorOf(row.actor_type, row.actor_id),
    requestId: row.request_id,
  }
}
