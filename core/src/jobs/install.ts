import { registerKernelValue } from '../container.js'
import type { KernelConfig } from '../config.js'
import type { KernelParts } from '../kernel/parts.js'
import { createInProcessEngine } from './in-process-engine.js'
import { createJobRegistry } from './registry.js'
import { jobsAdminRoutes } from './routes.js'
import { createJobRunner } from './runner.js'
import { createJobsService } from './service.js'

/**
 * The BullMQ key prefix. TODO(kernel-ii): read only `redis.prefix` once KernelConfig has it;
 * until then COMPTOIR_QUEUE_PREFIX lets tests isolate their queues.
 */
export function queuePrefix (config: KernelConfig): string {
  // The environment fallback lets test files isolate their queues when they pass `env: false`.
  return config.redis.prefix ?? process.env.COMPTOIR_QUEUE_PREFIX ?? 'comptoir'
}

/**
 * Jobs: registers the `jobs` service on BullMQ when Redis is configured, else on the in-process
 * engine (the `comptoir_jobs` table), the /admin/jobs routes, and starts workers where this
 * process runs jobs.
 */
export async function installJobs (parts: KernelParts): Promise<void> {
  const log = parts.app.log.child({ facility: 'jobs' })
  const registry = createJobRegistry(parts.plugins)
  const run = createJobRunner(registry, parts.database.knex, parts.app.log, parts.container.cradle)
  const url = parts.config.redis.url
  // BullMQ is loaded only with Redis configured (it is a large module graph).
  const engine = parts.redis != null && url != null
    ? (await import('./bullmq-engine.js')).createBullmqEngine({ redis: parts.redis, url, prefix: queuePrefix(parts.config), registry, run, log })
    : createInProcessEngine({ knex: parts.database.knex, embedded: parts.database.engine === 'embedded', registry, run, log })
  const jobs = createJobsService(registry, engine)
  registerKernelValue(parts.container, 'jobs', jobs)
  await parts.app.register(async (scope) => { await jobsAdminRoutes(scope, jobs) }, { prefix: '/admin' })
  if (parts.runJobs) parts.onReady(async () => { await engine.start() })
  parts.onClose(async () => { await engine.stop() })
}
