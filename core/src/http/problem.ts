import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Type, { type Static } from 'typebox'
import {
  HttpError, isHttpError, MalformedRequestError, PayloadTooLargeError, RouteNotFoundError, UnsupportedMediaTypeError,
  UriTooLongError, ValidationError, type ValidationIssue,
} from '../errors.js'
import { isDatabaseUnavailable } from './unavailable.js'
import { toValidationIssues } from './validation.js'

/** RFC 9457 problem document, as every error leaves the store. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  code: Type.String(),
  requestId: Type.String(),
}, { additionalProperties: true, $id: 'Problem', description: 'RFC 9457 problem details with a stable `code`' })
export type Problem = Static<typeof Problem> & Record<string, unknown>

/** The problem `type` URI of a code: stable as long as the code is. */
export function problemType (code: string): string {
  return `https://comptoir.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`
}

// Longer paths are not echoed back (a client can send kilobytes of them).
const maxInstanceLength = 512

function instanceOf (request: FastifyRequest): { instance?: string } {
  const path = request.url.split('?')[0]
  return path.length <= maxInstanceLength ? { instance: path } : {}
}

/** The problem document of a typed error; `instance` (the request's path) only when it is short. */
function toProblem (error: HttpError, request: FastifyRequest, withInstance = true): Problem {
  return {
    ...error.extensions,
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    ...(error.message !== '' ? { detail: error.message } : {}),
    ...(withInstance ? instanceOf(request) : {}),
    code: error.code,
    requestId: request.id,
  }
}

function validationIssues (error: FastifyError): ValidationIssue[] {
  const part = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body')
  return toValidationIssues(part, (error.validation ?? []) as unknown as Parameters<typeof toValidationIssues>[1])
}

/** Turns what Fastify itself throws for bad requests into typed errors. */
function fromFastifyError (error: FastifyError): HttpError | null {
  if (error.validation != null) return new ValidationError(validationIssues(error))
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return new PayloadTooLargeError('The request body exceeds the size limit')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return new UnsupportedMediaTypeError('Send JSON with Content-Type: application/json')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return new MalformedRequestError('The body is empty but Content-Type is JSON')
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return new MalformedRequestError('Content-Length does not match the body')
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return new MalformedRequestError('The body is not valid JSON')
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new (class extends HttpError {
      readonly status = error.statusCode as number
      readonly code = 'CORE_BAD_REQUEST'
      readonly title = 'The request could not be processed'
    })('The request could not be processed')
  }
  return null
}

/** Sends a problem document; the body is pre-serialised so no route schema strips its extensions. */
export function sendProblem (reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(JSON.stringify(problem))
}

/** The kernel's one error handler, and problem+json 404s for unknown routes. */
export function installProblemHandlers (app: FastifyInstance): void {
  app.addSchema(Problem)
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    // By brand, not class: a plugin on its own copy of core throws that copy's HttpError (#23).
    const typed = isHttpError(error) ? error : fromFastifyError(error)
    if (typed != null) {
      request.log.info({ code: typed.code, status: typed.status }, typed.message)
      return sendProblem(reply, toProblem(typed, request))
    }
    // The database (or a service it needs) is unreachable: the client may retry, the store recovers by itself.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable')
      return sendProblem(reply.header('retry-after', '5'), {
        type: problemType('CORE_UNAVAILABLE'), title: 'Temporarily unavailable', status: 503,
        detail: 'The store cannot reach a service it depends on (its database) right now; retry in a few seconds', ...instanceOf(request),
        code: 'CORE_UNAVAILABLE', requestId: request.id,
      })
    }
    // Anything unexpected: log it whole with the request id; the client gets nothing of it.
    request.log.error({ err: error }, 'unhandled error')
    return sendProblem(reply, internalProblem(request))
  })
  app.setNotFoundHandler((request, reply) => {
    return sendProblem(reply, toProblem(new RouteNotFoundError(), request))
  })
}

function internalProblem (request: FastifyRequest, withInstance = true): Problem {
  return {
    type: problemType('CORE_INTERNAL'),
    title: 'Internal error',
    status: 500,
    detail: `Something went wrong on our side; quote request id ${request.id} when reporting it`,
    ...(withInstance ? instanceOf(request) : {}),
    code: 'CORE_INTERNAL',
    requestId: request.id,
  }
}

/**
 * Fastify's `frameworkErrors` option: what the router rejects before any route or hook runs
 * (a malformed percent-encoding, a path segment over `maxParamLength`) is problem+json too.
 * The URL is the fault, so it is not echoed in `instance`.
 */
export function sendFrameworkError (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  void reply.header('x-request-id', request.id)
  let typed: HttpError | null = null
  if (error.code === 'FST_ERR_BAD_URL') typed = new MalformedRequestError('The URL is not valid (malformed percent-encoding)')
  else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') typed = new UriTooLongError('A segment of the URL path is too long')
  if (typed == null) {
    request.log.error({ err: error }, 'unhandled framework error')
    return sendProblem(reply, internalProblem(request, false))
  }
  request.log.info({ code: typed.code, status: typed.status }, typed.message)
  return sendProblem(reply, toProblem(typed, request, false))
}
