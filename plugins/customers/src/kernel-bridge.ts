import type { Cradle, Ctx } from '@comptoir/core'

/** The slice of the kernel's `events` service this plugin uses. */
export interface EventsPort { emit: (ctx: Ctx, name: string, payload: unknown) => Promise<unknown> }

/** Reads an optional kernel service: null while the running kernel does not register it. */
export function optionalService<T> (cradle: Cradle, name: string): T | null {
  try {
    return (cradle as unknown as Record<string, T>)[name] ?? null
  } catch {
    return null // awilix strict mode throws for an unregistered name
  }
}

/**
 * The container, for job and subscriber handlers: the manifest's handlers receive only `ctx`,
 * so this reads the services the kernel hands them (on the job info, or on ctx).
 * TODO(#5): JobDefinition/SubscriberHandler should receive the cradle; see README "Kernel needs".
 */
export function servicesOf (ctx: Ctx, handed?: unknown): Cradle {
  const services = findServices(ctx, handed)
  if (services == null) throw new Error('customers: this kernel gives job and subscriber handlers no services (expected `services` on the job info or ctx)')
  return services
}

/** Like servicesOf, but null when the kernel hands none. */
export function findServices (ctx: Ctx, handed?: unknown): Cradle | null {
  return (handed as { services?: Cradle } | undefined)?.services ?? (ctx as Ctx & { services?: Cradle }).services ?? null
}
