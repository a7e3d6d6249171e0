// The demo store that `npm start` runs at the repository root, on the embedded database by default.
import { defineConfig } from '@comptoir/core'

export default defineConfig({
  store: { name: 'Comptoir demo store' },
  log: { pretty: process.stdout.isTTY && process.env.NODE_ENV !== 'production' },
  plugins: [],
})
