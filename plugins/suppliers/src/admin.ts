import type { AdminExtension } from '@comptoir/core'

const poStatuses = ['draft', 'sent', 'partially_received', 'received', 'cancelled']

/** suppliers' pages in the admin dashboard (@comptoir/admin): suppliers, purchase orders, carriers. */
export const suppliersAdmin: AdminExtension = {
  nav: [
    { label: 'Suppliers', page: 'suppliers', section: 'operations', permission: 'suppliers:read' },
    { label: 'Purchase orders', page: 'purchase-orders', section: 'operations', permission: 'suppliers:read' },
    { label: 'Carriers', page: 'carriers', section: 'operations', permission: 'suppliers:read' },
  ],
  pages: [
    {
      id: 'suppliers', title: 'Suppliers', permission: 'suppliers:read',
      view: {
        kind: 'table', source: '/admin/suppliers', rowLink: 'supplier',
        columns: [
          { key: 'name', label: 'Supplier' },
          { key: 'code', label: 'Code' },
          { key: 'currency', label: 'Currency' },
          { key: 'leadTimeDays', label: 'Lead time (days)', format: 'number' },
          { key: 'active', label: 'Active', format: 'boolean' },
        ],
        actions: [{
          label: 'Add a supplier', method: 'POST', path: '/admin/suppliers', permission: 'suppliers:write',
          fields: [
            { name: 'name', label: 'Name', type: 'text', required: true },
            { name: 'currency', label: 'Currency (ISO 4217, e.g. EUR)', type: 'text', required: true },
            { name: 'leadTimeDays', label: 'Lead time (days)', type: 'number' },
            { name: 'notes', label: 'Notes', type: 'textarea' },
          ],
        }],
      },
    },
    {
      id: 'supplier', title: 'Supplier', permission: 'suppliers:read',
      view: {
        kind: 'detail', source: '/admin/suppliers/:id',
        fields: [
          { key: 'name', label: 'Supplier' },
          { key: 'code', label: 'Code' },
          { key: 'currency', label: 'Currency' },
          { key: 'paymentTerms', label: 'Payment terms' },
          { key: 'leadTimeDays', label: 'Lead time (days)', format: 'number' },
          { key: 'minimumOrderAmount', label: 'Minimum order', format: 'money', currencyKey: 'currency' },
          { key: 'contacts', label: 'Contacts', format: 'json' },
          { key: 'active', label: 'Active', format: 'boolean' },
          { key: 'notes', label: 'Notes' },
        ],
        actions: [{ label: 'Set active', method: 'PATCH', path: '/admin/suppliers/:id', permission: 'suppliers:write', fields: [{ name: 'active', label: 'Active', type: 'checkbox' }] }],
      },
    },
    {
      id: 'purchase-orders', title: 'Purchase orders', permission: 'suppliers:read',
      view: {
        kind: 'table', source: '/admin/purchase-orders', rowLink: 'purchase-order',
        columns: [
          { key: 'number', label: 'Number' },
          { key: 'status', label: 'Status', format: 'status' },
          { key: 'totalAmount', label: 'Total', format: 'money', currencyKey: 'currency' },
          { key: 'expectedOn', label: 'Expected', format: 'date' },
          { key: 'createdAt', label: 'Created', format: 'datetime' },
        ],
        filters: [{ param: 'status', label: 'Status', options: poStatuses }],
      },
    },
    {
      id: 'purchase-order', title: 'Purchase order', permission: 'suppliers:read',
      view: {
        kind: 'detail', source: '/admin/purchase-orders/:id',
        fields: [
          { key: 'number', label: 'Number' },
          { key: 'status', label: 'Status', format: 'status' },
          { key: 'supplierId', label: 'Supplier' },
          { key: 'locationId', label: 'Receiving location' },
          { key: 'subtotalAmount', label: 'Subtotal', format: 'money', currencyKey: 'currency' },
          { key: 'extraCostsAmount', label: 'Freight and duties', format: 'money', currencyKey: 'currency' },
          { key: 'totalAmount', label: 'Total', format: 'money', currencyKey: 'currency' },
          { key: 'expectedOn', label: 'Expected', format: 'date' },
          { key: 'lines', label: 'Lines', format: 'json' },
          { key: 'sentAt', label: 'Sent', format: 'datetime' },
          { key: 'receivedAt', label: 'Received', format: 'datetime' },
        ],
        actions: [
          { label: 'Send to supplier', method: 'POST', path: '/admin/purchase-orders/:id/send', permission: 'suppliers:write', confirm: 'Send this purchase order? Its lines can no longer change.' },
          { label: 'Close', method: 'POST', path: '/admin/purchase-orders/:id/close', permission: 'suppliers:write', confirm: 'Close it? What is still outstanding is no longer expected.' },
          { label: 'Cancel', method: 'POST', path: '/admin/purchase-orders/:id/cancel', permission: 'suppliers:write', confirm: 'Cancel this purchase order?' },
          { label: 'Note', method: 'PATCH', path: '/admin/purchase-orders/:id', permission: 'suppliers:write', fields: [{ name: 'note', label: 'Note', type: 'textarea', required: true }] },
        ],
      },
    },
    {
      id: 'carriers', title: 'Carriers', permission: 'suppliers:read',
      view: {
        kind: 'table', source: '/admin/carriers',
        columns: [
          { key: 'name', label: 'Carrier' },
          { key: 'code', label: 'Code' },
          { key: 'trackingUrlTemplate', label: 'Tracking URL' },
          { key: 'active', label: 'Active', format: 'boolean' },
        ],
        actions: [{
          label: 'Add a carrier', method: 'POST', path: '/admin/carriers', permission: 'suppliers:write',
          fields: [
            { name: 'name', label: 'Name', type: 'text', required: true },
            { name: 'code', label: 'Code', type: 'text', required: true },
            { name: 'trackingUrlTemplate', label: 'Tracking URL template ({trackingNumber} is replaced)', type: 'text' },
          ],
        }],
      },
    },
  ],
}
