import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './schemas.js'

/** An ISO timestamp from a driver value (pg gives Date, PGlite may give a string). */
export function iso (value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString()
}
export const isoOrNull = (value: Date | string | null): string | null => value == null ? null : iso(value)

/** A jsonb value (PGlite may hand back a string). */
export function json<T> (value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

export interface EndpointRow {
  id: string
  url: string
  description: string | null
  events: string[] | string
  enabled: boolean
  disabled_reason: 'manual' | 'failing' | null
  secret: string
  previous_secret: string | null
  previous_secret_expires_at: Date | string | null
  failing_since: Date | string | null
  created_at: Date | string
  updated_at: Date | string
}
export const endpointColumns = ['id', 'url', 'description', 'events', 'enabled', 'disabled_reason', 'secret', 'previous_secret',
  'previous_secret_expires_at', 'failing_since', 'created_at', 'updated_at'] as const

/** The API shape: never the secrets. */
export function toEndpoint (row: EndpointRow): WebhookEndpoint {
  const expires = row.previous_secret_expires_at == null ? null : new Date(row.previous_secret_expires_at)
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: json<string[]>(row.events),
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    failingSince: isoOrNull(row.failing_since),
    previousSecretExpiresAt: expires != null && expires.getTime() > Date.now() ? expires.toISOString() : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

/** The secrets that sign now: the current one, and the previous one during its overlap. */
export function signingSecrets (row: Pick<EndpointRow, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>, now = Date.now()): string[] {
  const previousValid = row.previous_secret != null && row.previous_secret_expires_at != null && new Date(row.previous_secret_expires_at).getTime() > now
  return previousValid ? [row.secret, row.previous_secret as string] : [row.secret]
}

export interface DeliveryRow {
  id: string
  endpoint_id: string
  event_id: string
  event_name: string
  occurred_at: Date | string
  payload: unknown
  status: 'pending' | 'succeeded' | 'failed'
  attempts: number
  attempt_limit: number
  next_attempt_at: Date | string | null
  locked_until: Date | string | null
  last_status_code: number | null
  erased_at: Date | string | null
  created_at: Date | string
  updated_at: Date | string
}
export const deliveryColumns = ['id', 'endpoint_id', 'event_id', 'event_name', 'occurred_at', 'status', 'attempts', 'attempt_limit',
  'next_attempt_at', 'locked_until', 'last_status_code', 'erased_at', 'created_at', 'updated_at'] as const

export function toDelivery (row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventName: row.event_name,
    occurredAt: iso(row.occurred_at),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? isoOrNull(row.next_attempt_at) : null,
    lastStatusCode: row.last_status_code,
    erased: row.erased_at != null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

export interface AttemptRow {
  attempt: number
  started_at: Date | string
  duration_ms: number
  status_code: number | null
  response_body: string | null
  error: string | null
  outcome: WebhookAttempt['outcome']
}

export function toAttempt (row: AttemptRow): WebhookAttempt {
  return {
    attempt: row.attempt,
    startedAt: iso(row.started_at),
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    responseBody: row.response_body,
    error: row.error,
    outcome: row.outcome,
  }
}
