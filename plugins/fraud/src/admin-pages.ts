import type { AdminExtension } from '@comptoir/core'

const note = { name: 'note', label: 'Note', type: 'textarea' as const }

/** The review queue, an assessment's detail, the block list and the rule report in the admin dashboard. */
export const fraudAdmin: AdminExtension = {
  nav: [
    { label: 'Fraud review', page: 'reviews', section: 'sales', permission: 'fraud:read' },
    { label: 'Fraud rules', page: 'rule-report', section: 'sales', permission: 'fraud:read' },
    { label: 'Block list', page: 'block-list', section: 'settings', permission: 'fraud:read' },
  ],
  pages: [
    {
      id: 'reviews', title: 'Fraud review queue', permission: 'fraud:read',
      view: {
        kind: 'table', source: '/admin/fraud/reviews', rowLink: 'review',
        columns: [
          { key: 'orderNumber', label: 'Order' }, { key: 'email', label: 'Email' },
          { key: 'totalAmount', label: 'Total', format: 'money', currencyKey: 'currency' }, { key: 'score', label: 'Score', format: 'number' },
          { key: 'status', label: 'Status', format: 'status' }, { key: 'createdAt', label: 'Placed', format: 'datetime' },
        ],
        filters: [{ param: 'status', label: 'Status', options: ['held', 'approved', 'rejected', 'blocked', 'allowed'] }],
      },
    },
    {
      // rowLink appends the row's `id`: a placed order's assessment has the order's id.
      id: 'review', title: 'Fraud assessment', permission: 'fraud:read',
      view: {
        kind: 'detail', source: '/admin/fraud/reviews/:id',
        fields: [
          { key: 'orderNumber', label: 'Order' }, { key: 'email', label: 'Email' }, { key: 'totalAmount', label: 'Total', format: 'money', currencyKey: 'currency' },
          { key: 'score', label: 'Score', format: 'number' }, { key: 'decision', label: 'Decision', format: 'status' }, { key: 'status', label: 'Status', format: 'status' },
          { key: 'reasons', label: 'Reasons', format: 'json' }, { key: 'radar', label: 'Gateway risk', format: 'json' },
          { key: 'reviewedBy', label: 'Reviewed by' }, { key: 'reviewedAt', label: 'Reviewed', format: 'datetime' }, { key: 'reviewNote', label: 'Review note' },
        ],
        actions: [
          { label: 'Approve', method: 'POST', path: '/admin/fraud/reviews/:id/approve', permission: 'fraud:review', fields: [note] },
          { label: 'Reject and cancel', method: 'POST', path: '/admin/fraud/reviews/:id/reject', permission: 'fraud:review', confirm: 'Cancel this order, release its stock and void or refund its payment?', fields: [note] },
        ],
      },
    },
    {
      id: 'block-list', title: 'Fraud block list', permission: 'fraud:read',
      view: {
        kind: 'table', source: '/admin/fraud/block-list',
        columns: [{ key: 'kind', label: 'Kind', format: 'status' }, { key: 'value', label: 'Value' }, { key: 'note', label: 'Note' }, { key: 'createdBy', label: 'Added by' }, { key: 'createdAt', label: 'Added', format: 'datetime' }],
        filters: [{ param: 'kind', label: 'Kind', options: ['email', 'email_domain', 'ip', 'device', 'address', 'card'] }],
        actions: [{
          label: 'Block a value', method: 'POST', path: '/admin/fraud/block-list', permission: 'fraud:write',
          fields: [
            { name: 'kind', label: 'Kind', type: 'select', options: ['email', 'email_domain', 'ip', 'device', 'address', 'card'], required: true },
            { name: 'value', label: 'Value', type: 'text', required: true }, { name: 'note', label: 'Note', type: 'text' },
          ],
        }],
      },
    },
    {
      id: 'rule-report', title: 'Fraud rule report', permission: 'fraud:read',
      view: {
        kind: 'table', source: '/admin/fraud/rule-report',
        columns: [
          { key: 'id', label: 'Rule' }, { key: 'enabled', label: 'Enabled', format: 'boolean' }, { key: 'weight', label: 'Weight', format: 'number' },
          { key: 'hits', label: 'Hits', format: 'number' }, { key: 'hitRate', label: 'Hit rate', format: 'number' },
          { key: 'labelledHits', label: 'Labelled hits', format: 'number' }, { key: 'fraudHits', label: 'Fraud hits', format: 'number' }, { key: 'precision', label: 'Precision', format: 'number' },
        ],
      },
    },
  ],
  widgets: [{
    id: 'order-risk', slot: 'order.detail', title: 'Fraud risk', permission: 'fraud:read',
    view: {
      kind: 'detail', source: '/admin/fraud/reviews/:id',
      fields: [{ key: 'score', label: 'Score', format: 'number' }, { key: 'decision', label: 'Decision', format: 'status' }, { key: 'status', label: 'Status', format: 'status' }, { key: 'reasons', label: 'Reasons', format: 'json' }],
    },
  }],
}
