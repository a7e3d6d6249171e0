// The admin session: a bearer token from POST /admin/auth/sessions, kept in sessionStorage (one tab,
// gone when it closes; no cookie, so no CSRF surface). A 401 from any call ends it (expired).

const key = 'comptoir.admin.session'

export interface StoredSession { token: string, expiresAt: string, email: string }

type Listener = (reason: 'login' | 'logout' | 'expired') => void
const listeners = new Set<Listener>()

export function readSession (): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(key)
    if (raw == null) return null
    const session = JSON.parse(raw) as StoredSession
    return typeof session.token === 'string' ? session : null
  } catch {
    return null
  }
}

/** True when a stored session is past its expiresAt: the app sends its owner to sign in again. */
export function isSessionExpired (session: StoredSession): boolean {
  const expires = Date.parse(session.expiresAt)
  return Number.isFinite(expires) && expires <= Date.now()
}

/** Forgets the stored session without telling listeners (the caller redirects itself). */
export function dropSession (): void {
  sessionStorage.removeItem(key)
}

export function saveSession (session: StoredSession): void {
  sessionStorage.setItem(key, JSON.stringify(session))
  for (const listener of listeners) listener('login')
}

export function clearSession (reason: 'logout' | 'expired'): void {
  if (sessionStorage.getItem(key) == null && reason === 'expired') return
  sessionStorage.removeItem(key)
  for (const listener of listeners) listener(reason)
}

export function onSessionChange (listener: Listener): () => void {
  listeners.add(listener)
  return () => { listeners.delete(listener) }
}
