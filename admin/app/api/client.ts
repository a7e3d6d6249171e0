// The typed API client: openapi-fetch over the paths generated from the store's /openapi.json
// (schema.d.ts), with the session's bearer token on every request and a 401 ending the session.
import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './schema.js'
import { clearSession, readSession } from '../auth/session.js'

const sessionPath = '/admin/auth/sessions'

const auth: Middleware = {
  onRequest ({ request }) {
    const session = readSession()
    if (session != null && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${session.token}`)
    return request
  },
  onResponse ({ request, response }) {
    // A failed login is a 401 too: only an authenticated call that is refused means expiry.
    if (response.status === 401 && !(request.method === 'POST' && new URL(request.url).pathname === sessionPath)) clearSession('expired')
    return response
  },
}

export const api = createClient<paths>({ baseUrl: location.origin })
api.use(auth)

/** Same-origin fetch with the session, for paths outside the typed schema (plugin pages, AdminHost). */
export async function apiFetch (path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  const session = readSession()
  if (session != null && !headers.has('authorization')) headers.set('authorization', `Bearer ${session.token}`)
  if (init.body != null && typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json')
  const response = await fetch(new URL(path, location.origin), { ...init, headers })
  if (response.status === 401) clearSession('expired')
  return response
}
