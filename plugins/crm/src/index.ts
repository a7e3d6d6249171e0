import { definePlugin } from '@comptoir/core'
import type {} from '@comptoir/plugin-customers'
import type {} from '@comptoir/plugin-orders'

export default definePlugin({
  name: 'crm',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { customers: '^0.1.0', orders: '^0.1.0' },
})
