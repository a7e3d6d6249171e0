import type { AdminExtension } from '@comptoir/core'

/**
 * webhooks' pages in the admin dashboard (@comptoir/admin): endpoints, each one's deliveries (ping,
 * enable or disable, redeliver the failed ones of a period), a delivery's attempts with replay.
 */
export const webhooksAdmin: AdminExtension = {
  nav: [{ label: 'Webhooks', page: 'endpoints', section: 'settings', permission: 'webhooks:read' }],
  pages: [
    {
      id: 'endpoints', title: 'Webhook endpoints', permission: 'webhooks:read',
      view: {
        kind: 'table', source: '/admin/webhook-endpoints', rowLink: 'deliveries',
        columns: [
          { key: 'url', label: 'URL' },
          { key: 'description', label: 'Description' },
          { key: 'events', label: 'Events', format: 'json' },
          { key: 'enabled', label: 'Enabled', format: 'boolean' },
          { key: 'disabledReason', label: 'Disabled because', format: 'status' },
          { key: 'failingSince', label: 'Failing since', format: 'datetime' },
        ],
        filters: [{ param: 'enabled', label: 'Enabled', options: ['true', 'false'] }],
      },
    },
    {
      // /app/x/webhooks/deliveries/<endpointId>: one endpoint's deliveries, newest first.
      id: 'deliveries', title: 'Webhook deliveries', permission: 'webhooks:read',
      view: {
        kind: 'table', source: '/admin/webhook-endpoints/:id/deliveries', rowLink: 'delivery',
        columns: [
          { key: 'eventName', label: 'Event' },
          { key: 'status', label: 'Status', format: 'status' },
          { key: 'attempts', label: 'Attempts', format: 'number' },
          { key: 'lastStatusCode', label: 'Last HTTP status', format: 'number' },
          { key: 'occurredAt', label: 'Occurred', format: 'datetime' },
          { key: 'nextAttemptAt', label: 'Next attempt', format: 'datetime' },
        ],
        filters: [{ param: 'status', label: 'Status', options: ['pending', 'succeeded', 'failed'] }],
        actions: [
          { label: 'Send a test event', method: 'POST', path: '/admin/webhook-endpoints/:id/ping', permission: 'webhooks:write' },
          { label: 'Enable or disable', method: 'PATCH', path: '/admin/webhook-endpoints/:id', permission: 'webhooks:write', fields: [{ name: 'enabled', label: 'Enabled', type: 'checkbox' }] },
          {
            label: 'Redeliver failed deliveries', method: 'POST', path: '/admin/webhook-endpoints/:id/redeliver-failed', permission: 'webhooks:write',
            confirm: 'Send every failed delivery of the period again?',
            fields: [
              { name: 'since', label: 'Since (ISO date and time)', type: 'text', required: true },
              { name: 'until', label: 'Until (ISO date and time)', type: 'text', required: true },
            ],
          },
        ],
      },
    },
    {
      id: 'delivery', title: 'Webhook delivery', permission: 'webhooks:read',
      view: {
        kind: 'detail', source: '/admin/webhook-deliveries/:id',
        fields: [
          { key: 'eventName', label: 'Event' },
          { key: 'status', label: 'Status', format: 'status' },
          { key: 'attempts', label: 'Attempts', format: 'number' },
          { key: 'lastStatusCode', label: 'Last HTTP status', format: 'number' },
          { key: 'occurredAt', label: 'Occurred', format: 'datetime' },
          { key: 'nextAttemptAt', label: 'Next attempt', format: 'datetime' },
          { key: 'log', label: 'Attempts log', format: 'json' },
        ],
        actions: [{ label: 'Replay', method: 'POST', path: '/admin/webhook-deliveries/:id/redeliver', permission: 'webhooks:write', confirm: 'Send this delivery again?' }],
      },
    },
  ],
}
