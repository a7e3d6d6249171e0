import { randomBytes } from 'node:crypto'
import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf, type PluginScope } from '@comptoir/core'
import { createAddressGuard } from '../address-guard.js'
import type { WebhooksConfig } from '../config.js'
import { EndpointNotFoundError } from '../errors.js'
import { checkPatterns } from '../event-filters.js'
import { endpointColumns, iso, toEndpoint, type EndpointRow } from '../rows.js'
import type {
  EndpointQuery, RotateSecretInput, WebhookEndpoint, WebhookEndpointInput, WebhookEndpointPatch, WebhookEndpointWithSecret,
} from '../schemas.js'

/** A new signing secret: 32 random bytes, base64url, with a prefix that says what it is. */
function newSecret (): string {
  return `whsec_${randomBytes(32).toString('base64url')}`
}

/** Webhook endpoints (`webhooks`): where events go, which ones, and the secret that signs them. */
export function createEndpointService ({ events }: Cradle, { config }: PluginScope<WebhooksConfig>) {
  const guard = createAddressGuard(config)

  async function row (ctx: Ctx, endpointId: string, lock = false): Promise<EndpointRow> {
    const q = ctx.db('webhooks_endpoints').select(endpointColumns).where({ id: endpointId })
    if (lock) q.forUpdate()
    const found = await q.first() as EndpointRow | undefined
    if (found == null) throw new EndpointNotFoundError(endpointId)
    return found
  }

  return {
    /** The endpoint's row, secrets included (for the sender; never sent to a client). */
    row,

    /** Declared events an endpoint may name, sorted. */
    eventTypes: () => events.declared(),

    async get (ctx: Ctx, endpointId: string): Promise<WebhookEndpoint> {
      return toEndpoint(await row(ctx, endpointId))
    },

    async list (ctx: Ctx, query: EndpointQuery): Promise<PageOf<WebhookEndpoint>> {
      const q = ctx.db('webhooks_endpoints').select(endpointColumns)
      if (query.enabled != null) q.where({ enabled: query.enabled })
      const page = await keysetPage<EndpointRow>(q, query, { list: 'webhooks.endpoints', columns: ['id'], keyOf: (r) => [r.id] })
      return { items: page.items.map(toEndpoint), nextCursor: page.nextCursor }
    },

    /** Creates an endpoint; the answer carries its secret, which no other call returns. */
    async create (ctx: Ctx, input: WebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
      const url = guard.checkUrl(input.url)
      const patterns = checkPatterns(input.events, events.declared())
      const secret = newSecret()
      const enabled = input.enabled ?? true
      const [created] = await ctx.db('webhooks_endpoints').insert({
        url: url.href, description: input.description ?? null, events: JSON.stringify(patterns), secret,
        enabled, disabled_reason: enabled ? null : 'manual',
      }).returning(endpointColumns) as EndpointRow[]
      return { endpoint: toEndpoint(created as EndpointRow), secret }
    },

    /** Changes an endpoint; `enabled: true` also clears its failure clock. */
    async update (ctx: Ctx, endpointId: string, patch: WebhookEndpointPatch): Promise<WebhookEndpoint> {
      const changes: Record<string, unknown> = {}
      if (patch.url !== undefined) changes.url = guard.checkUrl(patch.url).href
      if (patch.events !== undefined) changes.events = JSON.stringify(checkPatterns(patch.events, events.declared()))
      if (patch.description !== undefined) changes.description = patch.description
      return await inTransaction(ctx, async (tx) => {
        const current = await row(tx, endpointId, true)
        if (patch.enabled === false && current.enabled) Object.assign(changes, { enabled: false, disabled_reason: 'manual' })
        if (patch.enabled === true && !current.enabled) Object.assign(changes, { enabled: true, disabled_reason: null, failing_since: null })
        const [updated] = await tx.db('webhooks_endpoints').where({ id: endpointId })
          .update({ ...changes, updated_at: tx.db.fn.now() }).returning(endpointColumns) as EndpointRow[]
        return toEndpoint(updated as EndpointRow)
      })
    },

    /** Deletes an endpoint and its delivery log; attempts already queued find nothing and stop. */
    async delete (ctx: Ctx, endpointId: string): Promise<void> {
      const deleted = await ctx.db('webhooks_endpoints').where({ id: endpointId }).delete()
      if (deleted === 0) throw new EndpointNotFoundError(endpointId)
    },

    /**
     * Issues a new secret; the old one keeps signing for `overlapSeconds` (both signatures are
     * sent), so the receiver can switch without dropping a delivery. The answer carries the new secret.
     */
    async rotateSecret (ctx: Ctx, endpointId: string, input: RotateSecretInput): Promise<WebhookEndpointWithSecret> {
      const overlap = input.overlapSeconds ?? config.rotationOverlapSeconds
      const secret = newSecret()
      return await inTransaction(ctx, async (tx) => {
        const current = await row(tx, endpointId, true)
        const expires = new Date(Date.now() + overlap * 1000)
        const [updated] = await tx.db('webhooks_endpoints').where({ id: endpointId }).update({
          secret, previous_secret: overlap > 0 ? current.secret : null, previous_secret_expires_at: overlap > 0 ? iso(expires) : null, updated_at: tx.db.fn.now(),
        }).returning(endpointColumns) as EndpointRow[]
        return { endpoint: toEndpoint(updated as EndpointRow), secret }
      })
    },
  }
}

export type EndpointService = ReturnType<typeof createEndpointService>
