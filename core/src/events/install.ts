import { registerKernelValue } from '../container.js'
import type { KernelParts } from '../kernel/parts.js'
import { jobsKernel, type JobsService, type JobsKernel } from '../jobs/service.js'
import { deliverEventJob, deliveryJob, purgeOutboxJob, purgeOutboxJobDefinition } from './delivery.js'
import { createEventRegistry } from './registry.js'
import { createRelay } from './relay.js'
import { createEventsService } from './service.js'

/**
 * Events: registers the `events` service (outbox writes), the kernel's delivery and purge jobs,
 * and, where this process runs jobs, the relay that hands committed events to the job layer.
 */
export async function installEvents (parts: KernelParts): Promise<void> {
  const log = parts.app.log.child({ facility: 'events' })
  const registry = createEventRegistry(parts.plugins, log)
  const jobs = (parts.container.resolve('jobs') as JobsService & { [jobsKernel]: JobsKernel })[jobsKernel]
  jobs.registry.addKernelJob(deliverEventJob, deliveryJob(registry))
  jobs.registry.addKernelJob(purgeOutboxJob, purgeOutboxJobDefinition())
  // Each subscriber plugin's deliveries run in its own queue: a slow subscriber does not hold up others.
  for (const { manifest } of parts.plugins) {
    if (Object.keys(manifest.subscribers ?? {}).length > 0) jobs.registry.addQueue(manifest.name)
  }
  const relay = createRelay({ knex: parts.database.knex, registry, jobs, log })
  registerKernelValue(parts.container, 'events', createEventsService(registry, relay.nudge))
  if (parts.runJobs) {
    parts.onReady(async () => { relay.start() })
    parts.onClose(async () => { await relay.stop() })
  }
}
