import type { FastifyInstance, FastifyRequest } from 'fastify'
import { insertAuditEntry } from './entries.js'
import { markRequest, requestMark } from './request-mark.js'
import { requestId as _unused } from './request-mark.js'
