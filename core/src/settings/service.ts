import Value from 'typebox/value'
import type { AuditService } from '../audit/service.js'
import type { Ctx } from '../context.js'
import { inTransaction } from '../db/transaction.js'
import { keysetPage, type PageOf } from '../http/pagination.js'
import { toValidationIssues } from '../http/validation.js'
import type { SettingsCatalog } from './catalog.js'
import { InvalidSettingValueError, SettingVersionConflictError } from './errors.js'
import { effectiveValue, toSetting, toSettingChange, type HistoryRow, type SettingRow } from './rows.js'
import type { Setting, SettingChange } from './schemas.js'

const settingColumns = ['key', 'value', 'version', 'updated_at', 'updated_by_type', 'updated_by_id'] as const
const historyColumns = ['key', 'version', 'old_value', 'new_value', 'actor_type', 'actor_id', 'request_id', 'changed_at'] as const

/** Options of `settings.set`. */
export interface SetSettingOptions {
  /** The version the caller read; anything else is a SettingVersionConflictError (409). */
  expectedVersion?: number
}

/** The kernel's `settings` service: plugins' typed, versioned settings. */
export function createSettingsService ({ catalog, audit }: { catalog: SettingsCatalog, audit: AuditService }) {
  return {
    /** The value of `<plugin>.<name>`: the stored one, else the schema default. Unknown → 404. */
    async get<T = unknown> (ctx: Ctx, plugin: string, name: string): Promise<T> {
      const definition = catalog.require(plugin, name)
      const row = await ctx.db('comptoir_settings').select(settingColumns).where({ key: definition.key }).first() as SettingRow | undefined
      return effectiveValue(ctx, definition, row) as T
    },

    /** Every setting (or one plugin's) with schema, default, current value and version. */
    async getAll (ctx: Ctx, plugin?: string): Promise<Setting[]> {
      const definitions = catalog.list(plugin)
      if (definitions.length === 0) return []
      const rows = await ctx.db('comptoir_settings').select(settingColumns).whereIn('key', definitions.map((d) => d.key)) as SettingRow[]
      const byKey = new Map(rows.map((row) => [row.key, row]))
      return definitions.map((definition) => toSetting(ctx, definition, byKey.get(definition.key)))
    },

    /** One setting with schema, default, current value and version. Unknown → 404. */
    async describe (ctx: Ctx, plugin: string, name: string): Promise<Setting> {
      const definition = catalog.require(plugin, name)
      const row = await ctx.db('comptoir_settings').select(settingColumns).where({ key: definition.key }).first() as SettingRow | undefined
      return toSetting(ctx, definition, row)
    },

    /**
     * Validates `value` against the setting's schema (defaults applied; invalid → 422, nothing
     * changes), then writes it as the next version with a history row and an audit entry, in
     * `ctx`'s transaction (or its own). Concurrent sets of one key serialise on its row lock.
     */
    async set (ctx: Ctx, plugin: string, name: string, value: unknown, options: SetSettingOptions = {}): Promise<Setting> {
      const definition = catalog.require(plugin, name)
      const candidate = Value.Default(definition.schema, Value.Clone(value))
      if (!Value.Check(definition.schema, candidate)) {
        throw new InvalidSettingValueError(definition.key, toValidationIssues('body/value', [...Value.Errors(definition.schema, candidate)]))
      }
      return await inTransaction(ctx, async (tx) => {
        const settings = () => tx.db('comptoir_settings')
        // 1. Make sure the key has a row (version 0 = unset); a concurrent insert waits for ours.
        await settings().insert({ key: definition.key, value: null, version: 0 }).onConflict('key').ignore()
        // 2. Lock it: every other set of this key waits here until we commit.
        const current = await settings().select(settingColumns).where({ key: definition.key }).forUpdate().first() as SettingRow
        if (options.expectedVersion != null && options.expectedVersion !== current.version) {
          throw new SettingVersionConflictError(definition.key, options.expectedVersion, current.version)
        }
        const previous = effectiveValue(tx, definition, current)
        const version = current.version + 1
        const [updated] = await settings().where({ key: definition.key, version: current.version }).update({
          value: JSON.stringify(candidate),
          version,
          updated_at: tx.db.fn.now(),
          updated_by_type: tx.actor?.type ?? null,
          updated_by_id: tx.actor?.id ?? null,
        }).returning(settingColumns) as SettingRow[]
        if (updated == null) throw new SettingVersionConflictError(definition.key, current.version, current.version + 1)
        // 3. (key, version) is the history's primary key: a lost update would fail here, not vanish.
        await tx.db('comptoir_setting_history').insert({
          key: definition.key,
          version,
          old_value: JSON.stringify(previous),
          new_value: JSON.stringify(candidate),
          actor_type: tx.actor?.type ?? null,
          actor_id: tx.actor?.id ?? null,
          request_id: tx.requestId,
        })
        await audit.record(tx, {
          action: 'core.setting.updated',
          targetType: 'setting',
          targetId: definition.key,
          before: { value: previous, version: current.version },
          after: { value: candidate, version },
        })
        return toSetting(tx, definition, updated)
      })
    },

    /** The versions of one setting, newest first, one keyset page at a time. Unknown → 404. */
    async history (ctx: Ctx, plugin: string, name: string, page: { limit?: number, cursor?: string } = {}): Promise<PageOf<SettingChange>> {
      const definition = catalog.require(plugin, name)
      const query = ctx.db('comptoir_setting_history').select(historyColumns).where({ key: definition.key })
      const result = await keysetPage<HistoryRow>(query, { limit: page.limit ?? 20, cursor: page.cursor }, {
        list: `setting-history:${definition.key}`, columns: ['version'], direction: 'desc', keyOf: (row) => [row.version],
      })
      return { items: result.items.map(toSettingChange), nextCursor: result.nextCursor }
    },
  }
}

/** The `settings` service (`app.services.settings`). */
export type SettingsService = ReturnType<typeof createSettingsService>

declare module '../container.js' {
  interface Services {
    settings: SettingsService
  }
}
