import { definePlugin } from '@comptoir/core'
import type {} from '@comptoir/plugin-customers'
import type {} from '@comptoir/plugin-orders'
import { crmAdmin } from './admin.js'
import { CrmConfig } from './config.js'
import { crmEvents } from './events.js'
import { computeEngagementJob } from './jobs/compute-engagement.js'
import { computeRfmJob } from './jobs/compute-rfm.js'
import { evaluateSegmentsJob } from './jobs/evaluate-segments.js'
import { sendTaskDigestJob } from './jobs/send-task-digest.js'
import { crmPersonalData } from './personal-data.js'
import { adminRoutes } from './routes/admin.js'
import { seedCrm } from './seed.js'
import { createAttributesService, type AttributesService } from './services/attributes.js'
import { createDigestService, type DigestService } from './services/digest.js'
import { createNotifierService, type NotifierService } from './services/notifier.js'
import { createProfileService, type ProfileService } from './services/profiles.js'
import { createScoreService, type ScoreService } from './services/scores.js'
import { createSegmentService, type SegmentService } from './services/segments.js'
import { createStoreActivityService, type StoreActivityService } from './services/store-activity.js'
import { createTaskService, type TaskService } from './services/tasks.js'
import { createTicketService, type TicketService } from './services/tickets.js'
import { createTimelineService, type TimelineService } from './services/timeline.js'
import { recordAccountEvent, recordConsentChanged, recordGroupsChanged } from './subscribers/record-customer-activity.js'
import { recordOrderCancelled, recordOrderEvent, recordOrderPlaced, recordPaymentRefunded } from './subscribers/record-order-activity.js'

/**
 * A customer's whole relationship in one place: a timeline of staff interactions and store
 * events (fed by subscribers into crm's own tables), support tickets, tags and typed attributes,
 * segments evaluated in SQL (RFM included), an engagement score and staff tasks with a daily digest.
 * Admin-only: crm has no storefront routes.
 */
export default definePlugin({
  name: 'crm',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { customers: '^0.1.0', orders: '^0.1.0' },
  config: CrmConfig,
  services: {
    crm: createProfileService,
    crmTimeline: createTimelineService,
    crmStoreActivity: createStoreActivityService,
    crmAttributes: createAttributesService,
    crmTickets: createTicketService,
    crmSegments: createSegmentService,
    crmScores: createScoreService,
    crmTasks: createTaskService,
    crmNotifier: createNotifierService,
    crmDigest: createDigestService,
  },
  routes: { admin: adminRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: crmEvents,
  jobs: {
    'crm.compute-rfm': computeRfmJob,
    'crm.compute-engagement': computeEngagementJob,
    'crm.evaluate-segments': evaluateSegmentsJob,
    'crm.send-task-digest': sendTaskDigestJob,
  },
  subscribers: {
    'orders.order.placed': recordOrderPlaced,
    'orders.order.cancelled': recordOrderCancelled,
    'orders.payment.refunded': recordPaymentRefunded,
    'orders.order.shipped': recordOrderEvent,
    'orders.order.delivered': recordOrderEvent,
    'orders.return.requested': recordOrderEvent,
    'orders.return.received': recordOrderEvent,
    'orders.note.added': recordOrderEvent,
    'customers.consent.changed': recordConsentChanged,
    'customers.group-membership.changed': recordGroupsChanged,
    'customers.customer.registered': recordAccountEvent,
    'customers.customer.updated': recordAccountEvent,
    'customers.customer.disabled': recordAccountEvent,
  },
  permissions: ['crm:read', 'crm:write'],
  personalData: crmPersonalData,
  seed: seedCrm,
  admin: crmAdmin,
})

export { CrmConfig } from './config.js'
export { crmEvents, type CrmEventName, type CrmEventPayload } from './events.js'
export * from './errors.js'
export * from './schemas/index.js'
export { ticketTransitions } from './services/tickets.js'
export type { StaffMessage, StaffMessageSender } from './services/notifier.js'
export type { AttributesService, DigestService, NotifierService, ProfileService, ScoreService, SegmentService, StoreActivityService, TaskService, TicketService, TimelineService }

declare module '@comptoir/core' {
  interface Services {
    crm: ProfileService
    crmTimeline: TimelineService
    crmStoreActivity: StoreActivityService
    crmAttributes: AttributesService
    crmTickets: TicketService
    crmSegments: SegmentService
    crmScores: ScoreService
    crmTasks: TaskService
    crmNotifier: NotifierService
    crmDigest: DigestService
  }
}
