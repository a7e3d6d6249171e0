import { definePlugin } from '@comptoir/core'

/** Risk scoring at checkout, holds and a review queue (being built: issue #19). */
export default definePlugin({
  name: 'fraud',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { customers: '^0.1.0', orders: '^0.1.0' },
})
