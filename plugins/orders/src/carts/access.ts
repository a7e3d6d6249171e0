import { createHash, randomBytes } from 'node:crypto'
import type { Ctx } from '@comptoir/core'
import type { FastifyRequest } from 'fastify'
import { CartCompletedError, CartMergedError, CartNotFoundError } from './errors.js'
import { cartColumns, type CartRow } from './rows.js'
import type { CartAccess } from './schemas.js'

const tokenPrefix = 'cct_'

/** A new guest cart token: 256 random bits, prefixed so secret scanners can recognise it. */
export function generateCartToken (): string {
  return tokenPrefix + randomBytes(32).toString('base64url')
}

/** What is stored for a token: its sha256, so a database dump yields no working token. */
export function hashCartToken (token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * Who is asking about a cart: the customer of a /store request's session (if any), and the guest
 * cart token sent as `x-cart-token` (if any).
 */
export function cartAccessOf (request: Pick<FastifyRequest, 'ctx' | 'headers'>): CartAccess {
  const actor = request.ctx.actor
  const header = request.headers['x-cart-token']
  const token = Array.isArray(header) ? header[0] : header
  return {
    customerId: actor?.type === 'customer' ? actor.id : null,
    cartToken: token != null && token.startsWith(tokenPrefix) && token.length <= 100 ? token : null,
  }
}

/**
 * The cart if the caller owns it: a customer cart belongs to its customer only; a guest cart to
 * whoever holds its token. Anything else is a 404 that does not say whether the cart exists.
 * `forUpdate` locks the row, serialising every change to one cart.
 */
export async function findOwnedCart (ctx: Ctx, cartId: string, access: CartAccess, forUpdate = false): Promise<CartRow> {
  if (access.customerId == null && access.cartToken == null) throw new CartNotFoundError(cartId)
  const query = ctx.db('orders_carts').select(cartColumns).where({ id: cartId }).andWhere((q) => {
    if (access.customerId != null) q.orWhere({ customer_id: access.customerId })
    if (access.cartToken != null) q.orWhere((g) => g.whereNull('customer_id').andWhere({ token_hash: hashCartToken(access.cartToken as string) }))
  })
  if (forUpdate) query.forUpdate()
  const row = await query.first() as CartRow | undefined
  if (row == null) throw new CartNotFoundError(cartId)
  return row
}

/** 409 unless the cart can still change. */
export function requireOpen (row: CartRow): void {
  if (row.status === 'merged') throw new CartMergedError(row.id)
  if (row.status !== 'open') throw new CartCompletedError(row.id, row.status)
}
