import { randomUUID } from 'node:crypto'
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import Type from 'typebox'
import type { KernelParts } from '../kernel/parts.js'
import { IdempotencyInProgressError, IdempotencyKeyInvalidError, IdempotencyKeyRequiredError, IdempotencyKeyReusedError } from './idempotency-errors.js'
import { addRouteHook } from './route-hooks.js'
import type { Ctx, IdempotencyScope } from '../context.js'
import { claimKey, completeKey, hashRequest, lookupKey, recordKey, releaseKey, takeKey, type IdempotencyClaim } from './idempotency-store.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key this request claimed (or will claim in a transaction); its response is stored in onSend. */
    idempotencyClaim: RequestClaim | null
  }
}

/** A request's claim; `inTransaction` claims are taken and completed by the route's service. */
interface RequestClaim extends IdempotencyClaim {
  requestHash: string
  inTransaction: boolean
  /** The status whose response the service stored in its transaction (nothing left for onSend). */
  completedStatus: number | null
}

const validKey = /^[\x21-\x7E]{1,255}$/
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** `idempotent: true` accepts the header, `'required'` demands it. */
function modeOf (config: FastifyContextConfig | undefined): 'optional' | 'required' | null {
  const value = (config as { idempotent?: unknown } | undefined)?.idempotent
  return value === 'required' ? 'required' : value === true ? 'optional' : null
}

/** Documents the header on opted-in routes (and validates its shape: 400 CORE_VALIDATION). */
function documentHeader (route: RouteOptions): void {
  const mode = modeOf(route.config)
  if (mode == null || route.schema == null || route.schema.headers != null) return
  route.schema = {
    ...route.schema,
    headers: Type.Object({
      'idempotency-key': Type.Optional(Type.String({
        minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$',
        description: `${mode === 'required' ? 'Required. ' : ''}A unique value (a UUID) per operation; a retry with the same key replays the first response (24 h).`,
      })),
    }),
  }
}

/**
 * Idempotency-Key for routes with `config: { idempotent: true | 'required' }`: the first
 * request claims the key (preHandler), its response is stored (onSend) and replayed to retries.
 * Keys are scoped per actor; 5xx responses release the key so a retry runs again.
 */
export async function installIdempotency (parts: KernelParts): Promise<void> {
  const ttlSeconds = parts.config.http.idempotencyTtlSeconds
  installIdempotencyHooks(parts.app, ttlSeconds)
}

function installIdempotencyHooks (app: FastifyInstance, ttlSeconds: number): void {
  app.decorateRequest('idempotencyClaim', null)
  // Only opted-in write routes get the hooks: the others pay nothing.
  app.addHook('onRoute', (route) => {
    documentHeader(route)
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (modeOf(route.config) == null || methods.every((m) => safeMethods.has(m))) return
    addRouteHook(route, 'preHandler', claimOrReplay)
    addRouteHook(route, 'onSend', storeResponse)
  })

  async function claimOrReplay (request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const mode = modeOf(request.routeOptions.config)
    if (mode == null || safeMethods.has(request.method)) return
    const key = request.headers['idempotency-key']
    if (key === undefined) {
      if (mode === 'required') throw new IdempotencyKeyRequiredError()
      return
    }
    if (typeof key !== 'string' || !validKey.test(key)) throw new IdempotencyKeyInvalidError()
    const actor = request.ctx.actor
    const scope = actor == null ? 'anonymous' : `${actor.type}:${actor.id}`
    const requestHash = hashRequest({ method: request.method, url: request.url, scope, body: request.body })
    const inTransaction = request.routeOptions.config.idempotencyInTransaction === true
    const claim: RequestClaim = { scope, key, claimId: randomUUID(), requestHash, inTransaction, completedStatus: null }
    const outcome = inTransaction ? await lookupKey(request.ctx, claim, requestHash) : await claimKey(request.ctx, claim, requestHash, ttlSeconds)
    switch (outcome.kind) {
      case 'claimed':
        request.idempotencyClaim = claim
        return
      case 'free':
        request.idempotencyClaim = claim
        request.ctx = { ...request.ctx, idempotency: transactionScope(claim, reply) }
        return
      case 'mismatch': throw new IdempotencyKeyReusedError()
      case 'in-progress': throw new IdempotencyInProgressError()
      case 'replay': {
        const { statusCode, contentType, body } = outcome.response
        void reply.code(statusCode).header('idempotency-replayed', 'true')
        if (contentType != null) void reply.header('content-type', contentType)
        return await reply.send(body ?? undefined)
      }
    }
  }

  /** What a service calls inside its transactions; the claim row and the response commit with its writes. */
  function transactionScope (claim: RequestClaim, reply: FastifyReply): IdempotencyScope {
    let claimed = false
    async function claimIn (tx: Ctx): Promise<void> {
      if (claimed) return
      if (!await takeKey(tx, claim, claim.requestHash, ttlSeconds)) throw new IdempotencyInProgressError()
      claimed = true
    }
    return {
      claim: claimIn,
      async complete (tx, body) {
        await claimIn(tx)
        // The route's own serializer for its status: the bytes a retry replays are the bytes sent now.
        const serialized = reply.serialize(body) as string
        await completeKey(tx, claim, { statusCode: reply.statusCode, contentType: 'application/json; charset=utf-8', body: Buffer.from(serialized) })
        claim.completedStatus = reply.statusCode
      },
    }
  }

  async function storeResponse (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const claim = request.idempotencyClaim
    if (claim == null) return payload
    request.idempotencyClaim = null
    // Stored inside the service's last transaction: nothing left to write.
    if (claim.completedStatus === reply.statusCode) return payload
    const storable = payload == null || typeof payload === 'string' || Buffer.isBuffer(payload)
    try {
      if (reply.statusCode >= 500 || !storable) {
        await releaseKey(request.ctx, claim)
      } else {
        const contentType = reply.getHeader('content-type')
        const response = {
          statusCode: reply.statusCode,
          contentType: typeof contentType === 'string' ? contentType : null,
          body: payload == null ? null : Buffer.from(payload as string | Buffer),
        }
        // A claim taken in a transaction may have rolled back with it (or never been taken).
        if (claim.inTransaction) await recordKey(request.ctx, claim, claim.requestHash, ttlSeconds, response)
        else await completeKey(request.ctx, claim, response)
      }
    } catch (error) {
      // The response stands; the claim stays `started` until abandoned (abandonedClaimSeconds).
      request.log.error({ err: error, idempotencyKey: claim.key }, 'could not record the idempotent response')
    }
    return payload
  }
}
