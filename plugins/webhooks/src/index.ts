import { definePlugin } from '@comptoir/core'

export default definePlugin({
  name: 'webhooks',
  version: '0.1.0',
  core: '^0.1.0',
})
