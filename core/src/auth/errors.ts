import {
  BadRequestError, ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, UnprocessableError,
} from '../errors.js'

/** Boot stops when an admin route requires a permission nobody declares. */
export const undeclaredPermissionBootCode = 'CORE_BOOT_UNDECLARED_PERMISSION'

/** Boot stops when a route outside /store sets `config.customer` (it could never be signed in). */
export const customerRouteOutsideStoreBootCode = 'CORE_BOOT_CUSTOMER_ROUTE_OUTSIDE_STORE'

/** 401: no credential, or one that is malformed, unknown, expired or revoked (never says which). */
export class UnauthenticatedError extends UnauthorizedError {
  readonly code = 'CORE_UNAUTHENTICATED'
  readonly title = 'Authentication required'
  constructor (detail = 'Send a valid token as Authorization: Bearer <token>') { super(detail) }
}

/** 401 on login: the same answer whether the email exists, the password is wrong or the user is disabled. */
export class InvalidCredentialsError extends UnauthorizedError {
  readonly code = 'CORE_INVALID_CREDENTIALS'
  readonly title = 'Invalid credentials'
  constructor () { super('The email or password is incorrect') }
}

/** 403: a valid credential without the permission the route needs. */
export class PermissionDeniedError extends ForbiddenError {
  readonly code = 'CORE_FORBIDDEN'
  readonly title = 'Permission denied'
  constructor (permission: string) { super(`This needs the permission '${permission}'`, { permission }) }
}

/** 403: granting a role whose permissions the actor does not hold itself. */
export class GrantForbiddenError extends ForbiddenError {
  readonly code = 'CORE_GRANT_FORBIDDEN'
  readonly title = 'Cannot grant permissions you do not hold'
  constructor (permissions: string[]) {
    super(`You cannot grant ${permissions.map((p) => `'${p}'`).join(', ')}: you do not hold ${permissions.length > 1 ? 'them' : 'it'}`, { permissions })
  }
}

/** 400: logging out with something other than a session token. */
export class NotASessionError extends BadRequestError {
  readonly code = 'CORE_NOT_A_SESSION'
  readonly title = 'The credential is not a session'
  constructor () { super('API keys are revoked with DELETE /admin/api-keys/{apiKeyId}') }
}

export class UnknownPermissionError extends UnprocessableError {
  readonly code = 'CORE_UNKNOWN_PERMISSION'
  readonly title = 'Unknown permission'
  constructor (permissions: string[]) {
    super(`No plugin declares ${permissions.map((p) => `'${p}'`).join(', ')}; GET /admin/permissions lists them`, { permissions })
  }
}

export class UnknownRoleError extends UnprocessableError {
  readonly code = 'CORE_UNKNOWN_ROLE'
  readonly title = 'Unknown role'
  constructor (roles: string[]) { super(`No role is named ${roles.map((r) => `'${r}'`).join(', ')}`, { roles }) }
}

export class InvalidExpiryError extends UnprocessableError {
  readonly code = 'CORE_INVALID_EXPIRY'
  readonly title = 'Invalid expiry'
  constructor () { super('expiresAt must be in the future') }
}

export class EmailTakenError extends ConflictError {
  readonly code = 'CORE_EMAIL_TAKEN'
  readonly title = 'Email already in use'
  constructor (options?: { cause?: unknown }) { super('An admin user with this email already exists', {}, options) }
}

export class RoleNameTakenError extends ConflictError {
  readonly code = 'CORE_ROLE_NAME_TAKEN'
  readonly title = 'Role name already in use'
  constructor (name: string, options?: { cause?: unknown }) { super(`A role named '${name}' already exists`, { name }, options) }
}

export class BuiltInRoleError extends ConflictError {
  readonly code = 'CORE_ROLE_BUILT_IN'
  readonly title = 'Built-in roles cannot change'
  constructor (name: string) { super(`The role '${name}' is built in and cannot be changed or deleted`, { name }) }
}

export class RoleInUseError extends ConflictError {
  readonly code = 'CORE_ROLE_IN_USE'
  readonly title = 'Role in use'
  constructor (name: string, options?: { cause?: unknown }) {
    super(`The role '${name}' is assigned to admin users or API keys; unassign it first`, { name }, options)
  }
}

export class AdminUserNotFoundError extends NotFoundError {
  readonly code = 'CORE_ADMIN_USER_NOT_FOUND'
  readonly title = 'Admin user not found'
  constructor (adminUserId: string) { super(`No admin user ${adminUserId}`, { adminUserId }) }
}

export class RoleNotFoundError extends NotFoundError {
  readonly code = 'CORE_ROLE_NOT_FOUND'
  readonly title = 'Role not found'
  constructor (roleId: string) { super(`No role ${roleId}`, { roleId }) }
}

export class ApiKeyNotFoundError extends NotFoundError {
  readonly code = 'CORE_API_KEY_NOT_FOUND'
  readonly title = 'API key not found'
  constructor (apiKeyId: string) { super(`No API key ${apiKeyId}`, { apiKeyId }) }
}
