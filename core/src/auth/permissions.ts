import type { LoadedPlugin } from '../kernel/parts.js'
import { UnknownPermissionError } from './errors.js'

/** The kernel's own permissions, checked by its admin routes. */
export const kernelPermissions: readonly string[] = Object.freeze([
  'core:admin-users',
  'core:api-keys',
  'core:roles',
  'core:settings',
  'core:audit',
  'core:jobs',
])

/** Every permission the running store knows: the kernel's and each plugin's `permissions`. */
export function collectPermissions (plugins: readonly LoadedPlugin[]): readonly string[] {
  const all = new Set(kernelPermissions)
  for (const { manifest } of plugins) for (const permission of manifest.permissions ?? []) all.add(permission)
  return Object.freeze([...all].sort())
}

/** True when `held` grants `needed`: `*` grants all, `catalog:*` all of catalog, else an exact match. */
export function grants (held: readonly string[], needed: string): boolean {
  if (held.includes('*') || held.includes(needed)) return true
  const colon = needed.indexOf(':')
  return colon > 0 && held.includes(`${needed.slice(0, colon)}:*`)
}

/** The subset of `wanted` that `held` does not grant (wildcards in `wanted` need the same wildcard or `*`). */
export function missingGrants (held: readonly string[], wanted: readonly string[]): string[] {
  return wanted.filter((permission) => !grants(held, permission))
}

/** Checks a role's permissions against the known ones; `*` and `<namespace>:*` of a known namespace pass. */
export function assertKnownPermissions (known: readonly string[], permissions: readonly string[]): void {
  const namespaces = new Set(known.map((p) => p.slice(0, p.indexOf(':'))))
  const unknown = permissions.filter((p) => p !== '*' && !known.includes(p) &&
    !(p.endsWith(':*') && namespaces.has(p.slice(0, -2))))
  if (unknown.length > 0) throw new UnknownPermissionError(unknown)
}
