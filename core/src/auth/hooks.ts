import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { BootError } from '../errors.js'
import { securityRequirements } from '../http/openapi.js'
import type { AdminCredential } from './credentials.js'
import { customerRouteOutsideStoreBootCode, PermissionDeniedError, UnauthenticatedError, undeclaredPermissionBootCode } from './errors.js'
import { grants } from './permissions.js'
import type { AuthService } from './service.js'
import type { SessionService } from './sessions.js'
import { bearerToken } from './tokens.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The session or API key this request authenticated with (logout revokes it); null if none. */
    authCredential: AdminCredential | null
  }
  interface FastifyContextConfig {
    /**
     * A /store route for the signed-in customer: `true` answers 401 without a customer session
     * token, `'optional'` serves anonymous callers too. Both set the operation's OpenAPI security.
     */
    customer?: boolean | 'optional'
  }
}

/** The only /admin routes that answer without a credential. */
const anonymousAdminRoutes: ReadonlySet<string> = new Set(['POST /admin/auth/sessions'])

function isUnder (path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`)
}

/** Which surface a request is for; unknown URLs count by their path, so /admin never answers 404 to strangers. */
function surfaceOf (request: FastifyRequest): 'admin' | 'store' | null {
  const path = request.routeOptions.url ?? request.url.split('?')[0]
  if (isUnder(path, '/admin')) return 'admin'
  if (isUnder(path, '/store')) return 'store'
  return null
}

function rejectToken (reply: FastifyReply, hadToken: boolean, detail?: string): never {
  reply.header('www-authenticate', hadToken ? 'Bearer realm="comptoir", error="invalid_token"' : 'Bearer realm="comptoir"')
  throw new UnauthenticatedError(hadToken ? 'The token is invalid, expired or revoked' : detail)
}

const signInDetail = 'Sign in: send the customer session token as Authorization: Bearer <token>'

/** A customer route's OpenAPI says it takes a customer token; customer sessions are only read on /store. */
function checkCustomerRoute (route: RouteOptions): void {
  const customer = route.config?.customer
  if (customer == null || customer === false) return
  if (!isUnder(route.url, '/store')) {
    throw new BootError(customerRouteOutsideStoreBootCode, `Route ${String(route.method)} ${route.url} sets \`config.customer\`, but customer session tokens are only read on /store: mount it in the manifest's \`routes.store\`.`)
  }
  if (route.schema != null && route.schema.hide !== true) {
    route.schema = { ...route.schema, security: [...(customer === true ? securityRequirements.customer : securityRequirements.optionalCustomer)] }
  }
}

/** At route registration: an admin route's permission must be declared, and its OpenAPI says how to authenticate. */
function checkRoute (route: RouteOptions, known: readonly string[]): void {
  checkCustomerRoute(route)
  if (!isUnder(route.url, '/admin')) return
  const permission = route.config?.permission
  if (permission != null && !known.includes(permission)) {
    throw new BootError(undeclaredPermissionBootCode, `Route ${String(route.method)} ${route.url} requires permission '${permission}', which no plugin declares: add it to the plugin manifest's \`permissions\`.`)
  }
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  const anonymous = methods.every((method) => anonymousAdminRoutes.has(`${method} ${route.url}`))
  if (route.schema != null && route.schema.hide !== true) {
    route.schema = { ...route.schema, security: [...(anonymous ? securityRequirements.public : securityRequirements.admin)] }
  }
}

export interface AuthHookDeps { auth: AuthService, sessions: SessionService, permissions: readonly string[] }

/**
 * Root hooks: every /admin route (but login) needs an admin session or API key, and the
 * route's `permission`; on /store a bearer token must be a live customer session, and routes
 * with `config.customer: true` need one.
 * Authentication runs in preParsing, after the rate limiter (onRequest) has counted the attempt.
 */
export function installAuthHooks (app: FastifyInstance, deps: AuthHookDeps): void {
  app.decorateRequest('authCredential', null)
  app.addHook('onRoute', (route) => { checkRoute(route, deps.permissions) })

  async function authenticateAdmin (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (anonymousAdminRoutes.has(`${request.method} ${request.routeOptions.url ?? ''}`)) return
    const token = bearerToken(request.headers.authorization)
    if (token == null) rejectToken(reply, token === null)
    const found = await deps.auth.authenticateAdmin(request.ctx, token)
    if (found == null) rejectToken(reply, true)
    request.ctx.actor = found.actor
    request.authCredential = found.credential
    const permission = request.routeOptions.config?.permission
    if (permission != null && !grants(found.actor.permissions ?? [], permission)) throw new PermissionDeniedError(permission)
  }

  async function authenticateCustomer (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = bearerToken(request.headers.authorization)
    if (token === undefined) {
      if (request.routeOptions.config?.customer === true) rejectToken(reply, false, signInDetail)
      return // anonymous
    }
    const subject = token == null ? null : await deps.sessions.verify(request.ctx, token)
    if (subject == null || subject.subjectType !== 'customer') rejectToken(reply, true)
    request.ctx.actor = { type: 'customer', id: subject.subjectId, permissions: [] }
    request.authCredential = { kind: 'session', id: subject.sessionId }
  }

  // Callback style: anonymous requests to public storefront routes (the hot path) return without a promise.
  app.addHook('preParsing', (request, reply, payload, done) => {
    const surface = surfaceOf(request)
    if (surface == null || (surface === 'store' && request.headers.authorization === undefined && request.routeOptions.config?.customer !== true)) {
      done(null, payload)
      return
    }
    const check = surface === 'admin' ? authenticateAdmin(request, reply) : authenticateCustomer(request, reply)
    check.then(() => { done(null, payload) }, (error: Error) => { done(error) })
  })

  // RFC 6750: every 401 names the scheme, including those routes raise through requireCustomer.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode === 401 && !reply.hasHeader('www-authenticate')) reply.header('www-authenticate', 'Bearer realm="comptoir"')
    done(null, payload)
  })
}
