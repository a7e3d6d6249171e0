import type { AdminExtension } from '@comptoir/core'

const ticketStatuses = ['open', 'pending', 'resolved', 'closed']
const priorities = ['low', 'normal', 'high', 'urgent']

/** crm's pages in the admin dashboard (@comptoir/admin): tickets, tasks, segments, a customer's timeline. */
export const crmAdmin: AdminExtension = {
  nav: [
    { label: 'Tickets', page: 'tickets', section: 'customers', permission: 'crm:read' },
    { label: 'Tasks', page: 'tasks', section: 'operations', permission: 'crm:read' },
    { label: 'Segments', page: 'segments', section: 'marketing', permission: 'crm:read' },
  ],
  pages: [
    {
      id: 'tickets', title: 'Support tickets', permission: 'crm:read',
      view: {
        kind: 'table', source: '/admin/crm/tickets', rowLink: 'ticket',
        columns: [
          { key: 'subject', label: 'Subject' },
          { key: 'status', label: 'Status', format: 'status' },
          { key: 'priority', label: 'Priority', format: 'status' },
          { key: 'slaDueAt', label: 'Due', format: 'datetime' },
          { key: 'createdAt', label: 'Opened', format: 'datetime' },
        ],
        filters: [{ param: 'status', label: 'Status', options: ticketStatuses }],
        actions: [{
          label: 'Open a ticket', method: 'POST', path: '/admin/crm/tickets', permission: 'crm:write',
          fields: [
            { name: 'customerId', label: 'Customer id', type: 'text', required: true },
            { name: 'subject', label: 'Subject', type: 'text', required: true },
            { name: 'description', label: 'Description', type: 'textarea' },
            { name: 'priority', label: 'Priority', type: 'select', options: priorities },
          ],
        }],
      },
    },
    {
      id: 'ticket', title: 'Ticket', permission: 'crm:read',
      view: {
        kind: 'detail', source: '/admin/crm/tickets/:id',
        fields: [
          { key: 'subject', label: 'Subject' },
          { key: 'status', label: 'Status', format: 'status' },
          { key: 'priority', label: 'Priority', format: 'status' },
          { key: 'description', label: 'Description' },
          { key: 'customerId', label: 'Customer' },
          { key: 'orderId', label: 'Order' },
          { key: 'slaDueAt', label: 'Due', format: 'datetime' },
          { key: 'resolvedAt', label: 'Resolved', format: 'datetime' },
          { key: 'createdAt', label: 'Opened', format: 'datetime' },
        ],
        actions: [
          {
            label: 'Change status', method: 'POST', path: '/admin/crm/tickets/:id/transitions', permission: 'crm:write',
            fields: [
              { name: 'status', label: 'New status', type: 'select', options: ticketStatuses, required: true },
              { name: 'note', label: 'Note for the timeline', type: 'textarea' },
            ],
          },
          { label: 'Set priority', method: 'PATCH', path: '/admin/crm/tickets/:id', permission: 'crm:write', fields: [{ name: 'priority', label: 'Priority', type: 'select', options: priorities, required: true }] },
        ],
      },
    },
    {
      id: 'tasks', title: 'Staff tasks', permission: 'crm:read',
      view: {
        kind: 'table', source: '/admin/crm/tasks', rowLink: 'task',
        columns: [
          { key: 'title', label: 'Task' },
          { key: 'status', label: 'Status', format: 'status' },
          { key: 'dueAt', label: 'Due', format: 'datetime' },
          { key: 'customerId', label: 'Customer' },
        ],
        filters: [{ param: 'status', label: 'Status', options: ['open', 'done'] }],
        actions: [{
          label: 'New task', method: 'POST', path: '/admin/crm/tasks', permission: 'crm:write',
          fields: [
            { name: 'title', label: 'Title', type: 'text', required: true },
            { name: 'dueAt', label: 'Due (ISO date and time, e.g. 2027-01-15T09:00:00Z)', type: 'text', required: true },
            { name: 'notes', label: 'Notes', type: 'textarea' },
            { name: 'customerId', label: 'Customer id', type: 'text' },
          ],
        }],
      },
    },
    {
      id: 'task', title: 'Task', permission: 'crm:read',
      view: {
        kind: 'detail', source: '/admin/crm/tasks/:id',
        fields: [
          { key: 'title', label: 'Task' },
          { key: 'status', label: 'Status', format: 'status' },
          { key: 'notes', label: 'Notes' },
          { key: 'dueAt', label: 'Due', format: 'datetime' },
          { key: 'customerId', label: 'Customer' },
          { key: 'ticketId', label: 'Ticket' },
          { key: 'completedAt', label: 'Done', format: 'datetime' },
        ],
        actions: [{ label: 'Set status', method: 'PATCH', path: '/admin/crm/tasks/:id', permission: 'crm:write', fields: [{ name: 'status', label: 'Status', type: 'select', options: ['open', 'done'], required: true }] }],
      },
    },
    {
      id: 'segments', title: 'Customer segments', permission: 'crm:read',
      view: {
        kind: 'table', source: '/admin/crm/segments', rowLink: 'segment',
        columns: [
          { key: 'name', label: 'Segment' },
          { key: 'match', label: 'Match', format: 'status' },
          { key: 'memberCount', label: 'Members', format: 'number' },
          { key: 'evaluatedAt', label: 'Evaluated', format: 'datetime' },
        ],
      },
    },
    {
      id: 'segment', title: 'Segment', permission: 'crm:read',
      view: {
        kind: 'detail', source: '/admin/crm/segments/:id',
        fields: [
          { key: 'name', label: 'Segment' },
          { key: 'description', label: 'Description' },
          { key: 'match', label: 'Match', format: 'status' },
          { key: 'rules', label: 'Rules', format: 'json' },
          { key: 'memberCount', label: 'Members', format: 'number' },
          { key: 'evaluatedAt', label: 'Evaluated', format: 'datetime' },
        ],
        actions: [
          { label: 'Evaluate now', method: 'POST', path: '/admin/crm/segments/:id/evaluations', permission: 'crm:write' },
          { label: 'Delete segment', method: 'DELETE', path: '/admin/crm/segments/:id', permission: 'crm:write', confirm: 'Delete this segment? Its members list goes with it.' },
        ],
      },
    },
    {
      // /app/x/crm/timeline/<customerId>
      id: 'timeline', title: 'Customer timeline', permission: 'crm:read',
      view: {
        kind: 'table', source: '/admin/crm/customers/:id/timeline',
        columns: [
          { key: 'occurredAt', label: 'When', format: 'datetime' },
          { key: 'type', label: 'What', format: 'status' },
          { key: 'subject', label: 'Subject' },
          { key: 'body', label: 'Details' },
        ],
        filters: [{ param: 'source', label: 'Source', options: ['staff', 'system'] }],
      },
    },
  ],
  widgets: [
    {
      id: 'customer-timeline', slot: 'customer.detail', title: 'Timeline', permission: 'crm:read',
      view: {
        kind: 'table', source: '/admin/crm/customers/:id/timeline',
        columns: [
          { key: 'occurredAt', label: 'When', format: 'datetime' },
          { key: 'type', label: 'What', format: 'status' },
          { key: 'subject', label: 'Subject' },
          { key: 'body', label: 'Details' },
        ],
        actions: [{
          label: 'Log an interaction', method: 'POST', path: '/admin/crm/customers/:id/interactions', permission: 'crm:write',
          fields: [
            { name: 'type', label: 'Type', type: 'select', options: ['note', 'call', 'email', 'meeting', 'chat'], required: true },
            { name: 'subject', label: 'Subject', type: 'text' },
            { name: 'body', label: 'What was said', type: 'textarea', required: true },
          ],
        }],
      },
    },
    {
      id: 'customer-profile', slot: 'customer.detail', title: 'CRM profile', permission: 'crm:read',
      view: {
        kind: 'detail', source: '/admin/crm/customers/:id/profile',
        fields: [
          { key: 'tags', label: 'Tags', format: 'json' },
          { key: 'orderCount', label: 'Orders', format: 'number' },
          { key: 'lastOrderAt', label: 'Last order', format: 'datetime' },
          { key: 'rfm', label: 'RFM', format: 'json' },
          { key: 'engagement.score', label: 'Engagement', format: 'number' },
        ],
      },
    },
  ],
}
