/**
 * @comptoir/core: everything a plugin may use. Anything not exported here is internal.
 */
// Fastify's route and request types as plugins see them, also from the built .d.ts.
export type {} from './augmentations.js'
export { buildApp, coreVersion, migrationOwners, type BuildAppOptions, type LoadedPlugin } from './app.js'
export { defineConfig, KernelConfig, type StoreConfig, type PluginEntry } from './config.js'
export type { Services, KernelServices, Cradle, Container } from './container.js'
export { systemActor, type Actor, type Ctx, type Db, type IdempotencyScope } from './context.js'
export { inTransaction, isUniqueViolation, isCheckViolation } from './db/transaction.js'
export { openDatabase, type Database, type DatabaseEngine } from './db/connect.js'
export { migrateUp, migrateDown, migrationStatus, type MigrationOwner, type MigrationStatus } from './db/migrations.js'
export {
  HttpError, isHttpError, BadRequestError, UnauthorizedError, ForbiddenError, NotFoundError, ConflictError,
  UnprocessableError, TooManyRequestsError, ValidationError, BootError, BootErrorCode,
  type ProblemExtensions, type ValidationIssue,
} from './errors.js'
export { Problem, problemType } from './http/problem.js'
export { csvCell } from './http/csv-cell.js'
export type { HttpObservers, ResponseObserver, ResponseSample } from './http/response-observers.js'
export { storefrontSessionId } from './http/storefront-session.js'
export { PageQuery, Page, keysetPage, encodeCursor, decodeCursor, maxPageSize, type PageOf, type KeysetOptions } from './http/pagination.js'
export { Money, CurrencyCode, zeroDecimalCurrencies } from './money.js'
export {
  definePlugin,
  type PluginManifest, type PluginScope, type ServiceFactory, type ServiceDeclaration, type RoutePlugin,
  type RouteOptions, type JobDefinition, type JobInfo, type DeliveredEvent, type SubscriberHandler,
  type PersonalDataContributor, type SubscriberKernel, type SeedOptions,
} from './plugins/define-plugin.js'
export {
  invalidAdminExtensionBootCode,
  type AdminExtension, type AdminNavEntry, type AdminNavSection, type AdminPage, type AdminView, type AdminTableView,
  type AdminDetailView, type AdminModuleView, type AdminField, type AdminFieldFormat, type AdminAction,
  type AdminActionField, type AdminWidget, type AdminWidgetSlot, type AdminHost,
} from './plugins/admin-extension.js'
export { Type, type Static, type TSchema } from 'typebox'
export type { Command, CommandInput } from './cli/command.js'
export { runSeed, isSeeded } from './seed.js'
export type { PersonalDataService, PersonalDataBundle } from './personal-data/service.js'
export { SettingNotFoundError, InvalidSettingValueError, SettingVersionConflictError } from './settings/errors.js'
export type { SettingsService, SetSettingOptions } from './settings/service.js'
export type { Setting, SettingChange } from './settings/schemas.js'
export type { AuditService } from './audit/service.js'
export type { AuditRecordInput, AuditLogFilter } from './audit/entries.js'
export type { AuditEntry, ActorRef } from './audit/schemas.js'
export { defineJob } from './jobs/define-job.js'
export type { JobsService, EnqueueOptions } from './jobs/service.js'
export { FailedJob } from './jobs/schemas.js'
export {
  UnknownJobError, InvalidJobOptionsError, UnrecoverableJobError, InvalidJobPayloadError, FailedJobNotFoundError,
  JobsUnavailableError,
} from './jobs/errors.js'
export type { EventsService } from './events/service.js'
export type { EventPayload, EventSubscriber } from './events/types.js'
export { UndeclaredEventError, InvalidEventPayloadError } from './events/errors.js'
export { requireCustomer, requirePermission, type CustomerActor } from './auth/guards.js'
export { kernelPermissions } from './auth/permissions.js'
export { UnauthenticatedError, PermissionDeniedError } from './auth/errors.js'
export type { AuthService } from './auth/service.js'
export type { SessionService, SessionSubject, SessionSubjectType, IssuedSession, IssueSessionInput } from './auth/sessions.js'
export type { AdminUser, Role, ApiKey } from './auth/schemas.js'
export { hashPassword, verifyPassword } from './auth/passwords.js'
