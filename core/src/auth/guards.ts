import type { Actor, Ctx } from '../context.js'
import { PermissionDeniedError, UnauthenticatedError } from './errors.js'
import { grants } from './permissions.js'

/** A customer acting through a session token on /store. */
export type CustomerActor = Actor & { type: 'customer' }

/** The slice of a Fastify request requireCustomer reads. */
interface RequestLike { ctx: Ctx, method?: string, routeOptions?: { url?: string, config?: { customer?: boolean | 'optional' } } }

/**
 * The customer a /store request acts for; 401 (CORE_UNAUTHENTICATED) without a customer
 * session token. Accepts the request or its ctx. Given a request, its route must set
 * `config: { customer: true }` (or `'optional'`): the one way to mark a customer route, which
 * also puts the customer token in the route's OpenAPI security.
 */
export function requireCustomer (source: RequestLike | Ctx): CustomerActor {
  if ('ctx' in source) assertCustomerRoute(source)
  const actor = 'ctx' in source ? source.ctx.actor : source.actor
  if (actor?.type !== 'customer') throw new UnauthenticatedError('Sign in: send the customer session token as Authorization: Bearer <token>')
  return actor as CustomerActor
}

/** An unmarked route would work but tell OpenAPI clients it needs no token: fail its first test instead. */
function assertCustomerRoute (request: RequestLike): void {
  const marked = request.routeOptions?.config?.customer
  if (request.routeOptions == null || marked === true || marked === 'optional') return
  throw new TypeError(`requireCustomer: route ${request.method ?? ''} ${request.routeOptions.url ?? ''} reads the signed-in customer, so it must set \`config: { customer: true }\``)
}

/** For services that check a permission themselves: 401 without an actor, 403 without the grant. */
export function requirePermission (ctx: Ctx, permission: string): Actor {
  if (ctx.actor == null) throw new UnauthenticatedError()
  if (!grants(ctx.actor.permissions ?? [], permission)) throw new PermissionDeniedError(permission)
  return ctx.actor
}
