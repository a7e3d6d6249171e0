// The Fastify type augmentations a plugin is type-checked against: route schema fields
// (@fastify/swagger: tags, summary, operationId…), route config (permission, idempotent, audit,
// rateLimit) and request/instance fields (request.ctx, app.services). A built .d.ts keeps only
// the imports its declarations use, so these type-only re-exports (gone from the JS) are what
// makes dist/index.d.ts load them; a file that adds a `declare module 'fastify'` is listed here
// (test/build/built-types.test.ts checks it).
export type {} from '@fastify/rate-limit'
export type {} from '@fastify/swagger'
export type {} from '@fastify/swagger-ui'
export type {} from './app.js'
export type {} from './audit/request-hook.js'
export type {} from './auth/hooks.js'
export type {} from './http/http-cache.js'
export type {} from './http/idempotency.js'
export type {} from './http/response-observers.js'
