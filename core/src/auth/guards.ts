import type { Actor, Ctx } from '../context.js'
import { PermissionDeniedError, UnauthenticatedError } from './errors.js'
import { grants } from './permissions.js'

/** A customer acting through a session token on /store. */
export type CustomerActor = Actor & { type: 'customer' }

/**
 * The customer a /store request acts for; 401 (CORE_UNAUTHENTICATED) without a customer
 * session token. Accepts the request or its ctx.
 */
export function requireCustomer (source: { ctx: Ctx } | Ctx): CustomerActor {
  const actor = 'ctx' in source ? source.ctx.actor : source.actor
  if (actor?.type !== 'customer') throw new UnauthenticatedError('Sign in: send the customer session token as Authorization: Bearer <token>')
  return actor as CustomerActor
}

/** For services that check a permission themselves: 401 without an actor, 403 without the grant. */
export function requirePermission (ctx: Ctx, permission: string): Actor {
  if (ctx.actor == null) throw new UnauthenticatedError()
  if (!grants(ctx.actor.permissions ?? [], permission)) throw new PermissionDeniedError(permission)
  return ctx.actor
}
