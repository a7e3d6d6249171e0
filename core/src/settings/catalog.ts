import type { TSchema } from 'typebox'
import Value from 'typebox/value'
import { BootError, BootErrorCode } from '../errors.js'
import type { LoadedPlugin } from '../kernel/parts.js'
import { SettingNotFoundError } from './errors.js'

/** One declared setting: `<plugin>.<name>`, its schema and its default. */
export interface SettingDefinition {
  plugin: string
  name: string
  key: string
  schema: TSchema
  defaultValue: unknown
}

const namePattern = /^[a-z][a-zA-Z0-9]{0,59}$/

function defineSetting (plugin: string, name: string, schema: unknown): SettingDefinition {
  const fail = (problem: string): never => {
    throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${plugin}' declares setting '${name}' ${problem}.`, { plugin })
  }
  if (!namePattern.test(name)) fail('with an invalid name: use camelCase letters and digits, starting with a lowercase letter (at most 60 characters)')
  if (schema == null || typeof schema !== 'object') fail('without a schema: give a TypeBox schema with a default, like Type.Integer({ default: 5 })')
  const typed = schema as TSchema
  const defaultValue = Value.Default(typed, undefined)
  if (defaultValue === undefined) fail('without a default: add `default` to its schema')
  const [issue] = Value.Errors(typed, defaultValue)
  if (issue != null) fail(`with a default that does not match its schema (at '${issue.instancePath || '/'}': ${issue.message}): fix the default`)
  return { plugin, name, key: `${plugin}.${name}`, schema: typed, defaultValue }
}

/** Every installed plugin's settings, checked at boot: a bad declaration stops boot. */
export function createSettingsCatalog (plugins: readonly LoadedPlugin[]) {
  const byKey = new Map<string, SettingDefinition>()
  for (const { manifest } of plugins) {
    for (const [name, schema] of Object.entries(manifest.settings ?? {})) {
      const definition = defineSetting(manifest.name, name, schema)
      byKey.set(definition.key, definition)
    }
  }
  return {
    /** All definitions, or one plugin's, in declaration order. */
    list (plugin?: string): SettingDefinition[] {
      return [...byKey.values()].filter((d) => plugin == null || d.plugin === plugin)
    },
    /** The definition of `<plugin>.<name>`; unknown → SettingNotFoundError (404). */
    require (plugin: string, name: string): SettingDefinition {
      const definition = byKey.get(`${plugin}.${name}`)
      if (definition == null) throw new SettingNotFoundError(`${plugin}.${name}`)
      return definition
    },
  }
}

export type SettingsCatalog = ReturnType<typeof createSettingsCatalog>
