import type { FastifyBaseLogger } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import Value from 'typebox/value'
import { BootError, BootErrorCode } from '../errors.js'
import type { LoadedPlugin } from '../kernel/parts.js'
import type { PluginManifest } from '../plugins/define-plugin.js'
import { InvalidEventPayloadError, UndeclaredEventError } from './errors.js'

/** A plugin's subscriber to one event; the plugin's name is its key (one per event and plugin). */
export interface Subscriber { plugin: string, handler: NonNullable<PluginManifest['subscribers']>[string] }

/** The subscriber key that hears every declared event (outbound webhooks, audit trails, mirrors). */
export const allEvents = '*'

/** Declared events and their subscribers. */
export interface EventRegistry {
  /** Applies the schema's defaults and checks; throws UndeclaredEventError or InvalidEventPayloadError. */
  parse: (name: string, payload: unknown) => unknown
  subscribersOf: (name: string) => readonly Subscriber[]
  subscriber: (name: string, plugin: string) => Subscriber | undefined
  /** Declared event names and their plugins, sorted. */
  declared: () => Array<{ name: string, plugin: string }>
}

function payloadParser (name: string, schema: TSchema): (payload: unknown) => unknown {
  const check = Compile(schema)
  return (payload) => {
    const value = Value.Default(schema, Value.Clone(payload))
    if (check.Check(value)) return value
    throw new InvalidEventPayloadError(name, [...check.Errors(value)].slice(0, 5).map((e) => ({ path: e.instancePath, message: e.message })))
  }
}

/**
 * Reads every plugin's `events` and `subscribers`. An event not named `<plugin>.<entity>.<past-verb>`
 * by its own plugin stops boot; a subscriber to an event no loaded plugin emits is only logged.
 * A `'*'` subscriber gets every declared event, in the same path (one delivery job per event and
 * plugin), except those its plugin subscribes to by name (that handler gets them instead).
 */
export function createEventRegistry (plugins: readonly LoadedPlugin[], log: FastifyBaseLogger): EventRegistry {
  const events = new Map<string, { plugin: string, parse: (payload: unknown) => unknown }>()
  const subscribers = new Map<string, Subscriber[]>()
  // `'*'` subscribers hear every declared event their plugin has no handler of its own for.
  const everyEvent: Subscriber[] = []
  for (const { manifest } of plugins) {
    for (const [name, schema] of Object.entries(manifest.events ?? {})) {
      if (!name.startsWith(`${manifest.name}.`) || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name.slice(manifest.name.length + 1))) {
        throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${manifest.name}' declares event '${name}', which is not named after the plugin: name it '${manifest.name}.<entity>.<past-verb>' (lowercase, dashes).`, { plugin: manifest.name })
      }
      events.set(name, { plugin: manifest.name, parse: payloadParser(name, schema) })
    }
  }
  for (const { manifest } of plugins) {
    for (const [name, handler] of Object.entries(manifest.subscribers ?? {})) {
      if (typeof handler !== 'function') {
        throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${manifest.name}' subscribes to '${name}' with something that is not a function: give an \`async (ctx, event) => …\` handler.`, { plugin: manifest.name })
      }
      if (name === allEvents) { everyEvent.push({ plugin: manifest.name, handler }); continue }
      // Subscribing needs no dependency on the emitter, so its absence is normal (optional integration).
      if (!events.has(name)) log.debug({ plugin: manifest.name, event: name }, 'subscriber to an event no loaded plugin declares')
      subscribers.set(name, [...(subscribers.get(name) ?? []), { plugin: manifest.name, handler }])
    }
  }
  const specificOf = (name: string): readonly Subscriber[] => subscribers.get(name) ?? []
  const wildcardOf = (name: string): Subscriber[] =>
    events.has(name) ? everyEvent.filter((w) => !specificOf(name).some((s) => s.plugin === w.plugin)) : []
  return {
    parse (name, payload) {
      const event = events.get(name)
      if (event == null) throw new UndeclaredEventError(name)
      return event.parse(payload)
    },
    subscribersOf: (name) => [...specificOf(name), ...wildcardOf(name)],
    subscriber: (name, plugin) => specificOf(name).find((s) => s.plugin === plugin) ?? wildcardOf(name).find((s) => s.plugin === plugin),
    declared: () => [...events.entries()].map(([name, e]) => ({ name, plugin: e.plugin })).sort((a, b) => a.name.localeCompare(b.name)),
  }
}
