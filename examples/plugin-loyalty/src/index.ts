import { definePlugin } from '@comptoir/core'

/** Loyalty points (being built: issue #23's third-party example). */
export default definePlugin({
  name: 'loyalty',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { customers: '^0.1.0', orders: '^0.1.0' },
})
