import { definePlugin } from '@comptoir/core'
import type {} from '@comptoir/plugin-catalog'
import type {} from '@comptoir/plugin-customers'
import type {} from '@comptoir/plugin-orders'

export default definePlugin({
  name: 'recommendations',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { catalog: '^0.1.0', customers: '^0.1.0', orders: '^0.1.0' },
})
