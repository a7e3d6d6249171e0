import type { RouteOptions } from 'fastify'

type HookName = 'preHandler' | 'onSend'

/**
 * Adds a hook to one route (from an onRoute hook) so that facilities such as idempotency and
 * audit cost nothing on the routes that do not use them.
 */
export function addRouteHook (route: RouteOptions, name: HookName, hook: unknown): void {
  const existing = route[name] as unknown
  const list = existing == null ? [] : Array.isArray(existing) ? existing : [existing]
  ;(route as unknown as Record<HookName, unknown[]>)[name] = [...list, hook]
}
