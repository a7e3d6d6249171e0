import { isIP } from 'node:net'
import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import { Compile } from 'typebox/compile'
import type { AnalyticsConfig } from '../config.js'
import { clientEventSchemas, type ClientEvent, type EventBatch, type IngestResult, type RejectedEvent } from '../schemas/events.js'
import { insertEvents, type EventRow } from './event-rows.js'

type Issue = RejectedEvent['errors'][number]
type Checker = ReturnType<typeof Compile>
const types = Object.keys(clientEventSchemas)

function isObject (value: unknown): value is Record<string, unknown> {
  return value != null && typeof value === 'object' && !Array.isArray(value)
}

function issuesOf (check: Checker, value: unknown, at: string): Issue[] {
  const issues: Issue[] = []
  for (const issue of check.Errors(value)) {
    const pointer = `${at}${issue.instancePath}`
    const params = issue.params as { requiredProperties?: string[], additionalProperties?: string[] }
    if (issue.keyword === 'required' && Array.isArray(params.requiredProperties)) {
      for (const name of params.requiredProperties) issues.push({ pointer: `${pointer}/${name}`, detail: 'is required' })
    } else if (issue.keyword === 'additionalProperties' && Array.isArray(params.additionalProperties)) {
      for (const name of params.additionalProperties) issues.push({ pointer: `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, detail: 'is not an accepted field' })
    } else if (!(issue.keyword === 'boolean' && issue.schemaPath.endsWith('/additionalProperties'))) {
      issues.push({ pointer, detail: issue.message })
    }
    if (issues.length >= 10) break
  }
  return issues
}

/** IPv4 to its /24, IPv6 to its /48: enough for a country, never a person (the raw address is not stored). */
export function truncateIp (ip: string | undefined): string | null {
  if (ip == null) return null
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(ip)
  if (v4 != null) return `${v4[1]}.${v4[2]}.${v4[3]}.0`
  if (isIP(ip) !== 6) return null
  const [head = ''] = ip.split('::')
  const groups = [...head.split(':').filter((g) => g !== ''), '0', '0', '0'].slice(0, 3)
  return `${groups.join(':')}::`
}

function toRow (event: ClientEvent, occurredAt: Date): EventRow {
  const row: EventRow = { occurred_at: occurredAt.toISOString(), event_id: event.eventId, type: event.type, path: event.path ?? null }
  switch (event.type) {
    case 'page_view': return { ...row, referrer: event.referrer ?? null }
    case 'product_view': return { ...row, product_id: event.productId, variant_id: event.variantId ?? null, search_query: event.searchQuery?.trim() ?? null }
    case 'search': return { ...row, search_query: event.query.trim(), result_count: event.resultCount, filters: event.filters ?? null }
    case 'add_to_cart':
    case 'remove_from_cart': return { ...row, product_id: event.productId, variant_id: event.variantId ?? null, quantity: event.quantity }
    case 'checkout_started': return row
    case 'checkout_completed': return { ...row, order_id: event.orderId }
    case 'campaign_landing': return {
      ...row, referrer: event.referrer ?? null, utm_source: event.utmSource ?? null, utm_medium: event.utmMedium ?? null,
      utm_campaign: event.utmCampaign ?? null, utm_term: event.utmTerm ?? null, utm_content: event.utmContent ?? null,
    }
  }
}

/** Storefront event ingestion: per-event validation, dedupe, clock clamping, consent, one insert per batch. */
export function createIngestService ({ customers, analyticsPartitions }: Cradle, { config }: PluginScope<AnalyticsConfig>) {
  const checks = new Map<string, Checker>()
  const checkOf = (type: string): Checker => {
    let check = checks.get(type)
    if (check == null) {
      check = Compile(clientEventSchemas[type as keyof typeof clientEventSchemas])
      checks.set(type, check)
    }
    return check
  }
  const ensurePartitions = async (ctx: Ctx): Promise<unknown> => await analyticsPartitions.ensure(ctx)

  return {
    /**
     * Stores a batch sent by one anonymous session (and its signed-in customer, if any). Bad
     * events are reported by index and the others kept; an event id the session sent before is
     * not stored again. Timestamps are shifted by the client's skew (now − sentAt), then clamped
     * to [now − maxEventAgeHours, now]. A customer without analytics consent: dropped, or kept
     * without the customer id (consentMode).
     */
    async ingest (ctx: Ctx, input: { sessionId: string, customerId: string | null, ip?: string }, batch: EventBatch): Promise<IngestResult> {
      const now = Date.now()
      const sentAt = batch.sentAt != null ? Date.parse(batch.sentAt) : Number.NaN
      const skew = Number.isFinite(sentAt) ? now - sentAt : 0
      const oldest = now - config.maxEventAgeHours * 3_600_000
      const rejected: RejectedEvent[] = []
      const rows: EventRow[] = []
      const seen = new Set<string>()
      let duplicates = 0
      batch.events.forEach((event, index) => {
        const at = `/body/events/${index}`
        if (!isObject(event)) { rejected.push({ index, errors: [{ pointer: at, detail: 'must be an object' }] }); return }
        const type = event.type
        if (type === 'purchase') {
          rejected.push({ index, errors: [{ pointer: `${at}/type`, detail: 'purchases are recorded by the server from the order; send checkout_completed with the orderId instead' }] })
          return
        }
        if (typeof type !== 'string' || !types.includes(type)) {
          rejected.push({ index, errors: [{ pointer: `${at}/type`, detail: `must be one of ${types.join(', ')}` }] })
          return
        }
        const check = checkOf(type)
        if (!check.Check(event)) { rejected.push({ index, errors: issuesOf(check, event, at) }); return }
        const valid = event as ClientEvent
        const key = valid.eventId.toLowerCase()
        if (seen.has(key)) { duplicates++; return }
        seen.add(key)
        const clientAt = valid.timestamp != null ? Date.parse(valid.timestamp) + skew : now
        const occurredAt = Number.isFinite(clientAt) ? Math.min(now, Math.max(oldest, clientAt)) : now
        rows.push(toRow(valid, new Date(occurredAt)))
      })

      let customerId = input.customerId
      if (customerId != null && rows.length > 0 && !await customers.hasConsent(ctx, customerId, 'analytics')) {
        if (config.consentMode === 'drop') return { accepted: 0, duplicates, dropped: rows.length, rejected }
        customerId = null
      }
      const accepted = await insertEvents(ctx, { sessionId: input.sessionId, customerId, ipPrefix: truncateIp(input.ip) }, rows, ensurePartitions)
      return { accepted, duplicates: duplicates + rows.length - accepted, dropped: 0, rejected }
    },

    /** Removes the customer id from every stored event of theirs (consent withdrawn): the clickstream stays, anonymous. */
    async detachCustomer (ctx: Ctx, customerId: string): Promise<number> {
      return await ctx.db('analytics_events').where({ customer_id: customerId }).update({ customer_id: null })
    },
  }
}

export type IngestService = ReturnType<typeof createIngestService>
