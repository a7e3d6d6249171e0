/** Where an automatic audit entry points: a type and an id derived from the route. */
export interface RequestTarget { targetType: string | null, targetId: string | null }

/**
 * Derives the target from the route pattern and its params: the last static segment followed by
 * params names the type, those params' values the id. `/admin/stock-levels/:stockLevelId/adjustments`
 * → (`stock-levels`, its id); `/admin/settings/:plugin/:name` → (`settings`, `plugin/name`).
 * Without params (a create), the type is the last segment and the id the response's `id`, if any.
 */
export function requestTarget (routeUrl: string, params: Record<string, string>, responseId: string | null): RequestTarget {
  const segments = routeUrl.split('/').filter((s) => s !== '' && s !== 'admin')
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]
    if (segment.startsWith(':') || i + 1 >= segments.length || !segments[i + 1].startsWith(':')) continue
    const ids: string[] = []
    for (let j = i + 1; j < segments.length && segments[j].startsWith(':'); j++) {
      // `:id(^\\d+$)` and `:id?` name the param `id`.
      const value = params[segments[j].slice(1).replace(/\(.*$/, '').replace(/\?$/, '')]
      if (value != null) ids.push(value)
    }
    return { targetType: segment, targetId: ids.length > 0 ? ids.join('/') : null }
  }
  const statics = segments.filter((s) => !s.startsWith(':') && s !== '*')
  return { targetType: statics[statics.length - 1] ?? null, targetId: responseId }
}

/** The top-level `id` of a JSON response body, when it has one. */
export function responseIdOf (payload: unknown, contentType: unknown): string | null {
  if (typeof payload !== 'string' || payload.length > 65536) return null
  if (typeof contentType !== 'string' || !contentType.includes('json')) return null
  try {
    const body = JSON.parse(payload) as { id?: unknown } | null
    return typeof body?.id === 'string' ? body.id : null
  } catch {
    return null
  }
}
