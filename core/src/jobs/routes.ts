import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Page, PageQuery } from '../http/pagination.js'
import { FailedJob, FailedJobParams, RetriedJob } from './schemas.js'
import type { JobsService } from './service.js'

/** /admin/jobs: failed jobs, listed and retried (`core:jobs`). */
export async function jobsAdminRoutes (scope: FastifyInstance, jobs: JobsService): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const config = { permission: 'core:jobs' }
  const tags = ['jobs']

  app.get('/jobs/failed', {
    config,
    schema: {
      tags, operationId: 'listFailedJobs', summary: 'List failed jobs, most recent first',
      querystring: PageQuery, response: { 200: Page(FailedJob) },
    },
  }, async (request) => await jobs.listFailed(request.ctx, request.query))

  app.post('/jobs/failed/:jobId/retry', {
    config,
    schema: {
      tags, operationId: 'retryFailedJob', summary: 'Put a failed job back in its queue with fresh attempts',
      params: FailedJobParams, response: { 200: RetriedJob },
    },
  }, async (request) => {
    await jobs.retryFailed(request.ctx, request.params.jobId)
    return { id: request.params.jobId, status: 'waiting' as const }
  })
}
