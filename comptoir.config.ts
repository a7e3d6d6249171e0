// The demo store that `npm start` runs at the repository root, on the embedded database by default.
import { defineConfig, systemActor } from '@comptoir/core'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'

const demo = { adminEmail: 'admin@comptoir.test', adminPassword: 'comptoir-demo-admin' }

export default defineConfig({
  store: { name: 'Comptoir demo store' },
  log: { pretty: process.stdout.isTTY && process.env.NODE_ENV !== 'production' },
  // Orders takes payments through its built-in `manual` provider (pay on delivery / bank
  // transfer): the demo needs no gateway keys. Add @comptoir/plugin-payments-stripe for cards.
  plugins: [
    [catalog, { currencies: ['EUR', 'USD'] }],
    customers,
    [inventory, { allowSplit: true }],
    [orders, { defaultCurrency: 'EUR', manualProvider: true }],
  ],
  demo,
  // Runs once, on the first start (or `comptoir seed`), after every plugin's own demo data.
  async seed (ctx, app) {
    await app.services.auth.createAdminUser({ ...ctx, actor: systemActor }, { email: demo.adminEmail, password: demo.adminPassword, roles: ['owner'] })
  },
})
