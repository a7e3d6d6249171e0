/**
 * Every error the kernel raises, and the base classes plugins extend.
 * An error's `code` is stable once released; the HTTP layer turns it into RFC 9457 problem+json.
 */

/** Extra fields of a problem document (RFC 9457 extensions). */
export type ProblemExtensions = Record<string, unknown>

// Registry symbols are shared by every copy of this module in the process (a plugin's nested
// install of core, a CommonJS and an ESM instance): class identity is not (issue #23).
const httpErrorBrand = Symbol.for('comptoir.http-error')
const bootErrorBrand = Symbol.for('comptoir.boot-error')

/**
 * Whether `value` is a typed error of any copy of `@comptoir/core`: it carries the brand and a
 * 4xx/5xx `status`, a `code` and a `title`. `instanceof HttpError` answers the same.
 */
export function isHttpError (value: unknown): value is HttpError {
  if (value == null || typeof value !== 'object') return false
  const error = value as Record<PropertyKey, unknown>
  return error[httpErrorBrand] === true && typeof error.status === 'number' && error.status >= 400 && error.status <= 599 &&
    typeof error.code === 'string' && typeof error.title === 'string'
}

/** Base of every typed error a client may see. Subclasses fix `status`, `code` and `title`. */
export abstract class HttpError extends Error {
  abstract readonly status: number
  abstract readonly code: string
  abstract readonly title: string
  readonly extensions: ProblemExtensions
  readonly [httpErrorBrand] = true
  constructor (detail?: string, extensions: ProblemExtensions = {}, options?: { cause?: unknown }) {
    super(detail ?? '', options)
    this.name = new.target.name
    this.extensions = extensions
  }

  // `error instanceof HttpError` holds for another copy's errors too; subclasses keep the
  // ordinary prototype check (a NotFoundError is not a ConflictError).
  static override [Symbol.hasInstance] (value: unknown): boolean {
    return this === HttpError ? isHttpError(value) : Function.prototype[Symbol.hasInstance].call(this, value)
  }
}

/** 400: the request is malformed in a way validation could not catch. */
export abstract class BadRequestError extends HttpError { readonly status = 400 }
/** 401: no credential, or an invalid one. */
export abstract class UnauthorizedError extends HttpError { readonly status = 401 }
/** 403: a valid credential without the needed permission. */
export abstract class ForbiddenError extends HttpError { readonly status = 403 }
/** 404: the resource does not exist, or the caller may not know it does. */
export abstract class NotFoundError extends HttpError { readonly status = 404 }
/** 409: the request conflicts with the current state (duplicate, illegal transition, no stock). */
export abstract class ConflictError extends HttpError { readonly status = 409 }
/** 422: the request is well-formed but cannot be processed as asked. */
export abstract class UnprocessableError extends HttpError { readonly status = 422 }
/** 429: too many requests. */
export abstract class TooManyRequestsError extends HttpError { readonly status = 429 }

/** One failed field of a validation error, as a JSON pointer into the request. */
export interface ValidationIssue { pointer: string, detail: string }

export class ValidationError extends BadRequestError {
  readonly code = 'CORE_VALIDATION'
  readonly title = 'The request is invalid'
  constructor (errors: ValidationIssue[], detail = 'One or more fields are invalid') {
    super(detail, { errors })
  }
}

export class RouteNotFoundError extends NotFoundError {
  readonly code = 'CORE_ROUTE_NOT_FOUND'
  readonly title = 'No such route'
  // The method and path are not echoed: `instance` carries the path when it is short.
  constructor () {
    super('No route of this store matches this method and path')
  }
}

export class MalformedRequestError extends BadRequestError {
  readonly code = 'CORE_MALFORMED_REQUEST'
  readonly title = 'The request could not be read'
}

export class UnsupportedMediaTypeError extends HttpError {
  readonly status = 415
  readonly code = 'CORE_UNSUPPORTED_MEDIA_TYPE'
  readonly title = 'Unsupported content type'
}

export class PayloadTooLargeError extends HttpError {
  readonly status = 413
  readonly code = 'CORE_PAYLOAD_TOO_LARGE'
  readonly title = 'The request body is too large'
}

/** 414: a path segment is longer than the router accepts (`maxParamLength`). */
export class UriTooLongError extends HttpError {
  readonly status = 414
  readonly code = 'CORE_URI_TOO_LONG'
  readonly title = 'The URL is too long'
}

/** 431: the request line and headers exceed the server's header size limit. */
export class HeadersTooLargeError extends HttpError {
  readonly status = 431
  readonly code = 'CORE_HEADERS_TOO_LARGE'
  readonly title = 'The request headers are too large'
}

/** 408: the request did not arrive in full within the server's request timeout. */
export class RequestTimeoutError extends HttpError {
  readonly status = 408
  readonly code = 'CORE_REQUEST_TIMEOUT'
  readonly title = 'The request took too long to arrive'
}

export class RateLimitedError extends TooManyRequestsError {
  readonly code = 'CORE_RATE_LIMITED'
  readonly title = 'Too many requests'
}

export class InvalidCursorError extends BadRequestError {
  readonly code = 'CORE_INVALID_CURSOR'
  readonly title = 'The pagination cursor is invalid'
  constructor () { super('The cursor is malformed or was issued for another list') }
}

/** Stops boot. The message names the plugin, the cause and the fix in one sentence. */
export class BootError extends Error {
  readonly code: string
  readonly plugin: string | undefined
  readonly [bootErrorBrand] = true
  constructor (code: string, message: string, options: { plugin?: string, cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'BootError'
    this.code = code
    this.plugin = options.plugin
  }

  // A plugin's own copy of core may throw its BootError from `onBoot`: recognised by the brand.
  static override [Symbol.hasInstance] (value: unknown): boolean {
    return value != null && typeof value === 'object' && (value as Record<PropertyKey, unknown>)[bootErrorBrand] === true &&
      typeof (value as { code?: unknown }).code === 'string'
  }
}

/** Kernel boot error codes, one per way boot can fail. */
export const BootErrorCode = {
  missingDependency: 'CORE_BOOT_MISSING_DEPENDENCY',
  incompatibleVersion: 'CORE_BOOT_INCOMPATIBLE_VERSION',
  dependencyCycle: 'CORE_BOOT_DEPENDENCY_CYCLE',
  duplicatePlugin: 'CORE_BOOT_DUPLICATE_PLUGIN',
  invalidPlugin: 'CORE_BOOT_INVALID_PLUGIN',
  invalidConfig: 'CORE_BOOT_INVALID_CONFIG',
  duplicateService: 'CORE_BOOT_DUPLICATE_SERVICE',
  migrationFailed: 'CORE_BOOT_MIGRATION_FAILED',
  pendingMigrations: 'CORE_BOOT_PENDING_MIGRATIONS',
  databaseUnreachable: 'CORE_BOOT_DATABASE_UNREACHABLE',
  databaseLocked: 'CORE_BOOT_DATABASE_LOCKED',
} as const
