// The store the reliability suite runs: the bundled plugins as the demo store configures them
// (listed here, so edits to the demo store do not change what the suite measures), the probe
// plugin whose effects the suite counts, and the per-IP rate limit lifted (every request of the
// suite comes from 127.0.0.1).
import { defineConfig, systemActor } from '@comptoir/core'
import analytics from '@comptoir/plugin-analytics'
import catalog from '@comptoir/plugin-catalog'
import crm from '@comptoir/plugin-crm'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import paymentsStripe from '@comptoir/plugin-payments-stripe'
import recommendations from '@comptoir/plugin-recommendations'
import suppliers from '@comptoir/plugin-suppliers'
import webhooks from '@comptoir/plugin-webhooks'
import probe from './probe.js'

const demo = { adminEmail: 'admin@comptoir.test', adminPassword: 'comptoir-demo-admin' }

export default defineConfig({
  store: { name: 'Comptoir reliability store' },
  log: { pretty: false },
  http: { rateLimit: { max: 10_000_000, authMax: 10_000_000 } },
  plugins: [
    [catalog, { currencies: ['EUR', 'USD'] }],
    customers,
    [inventory, { allowSplit: true }],
    [orders, { defaultCurrency: 'EUR', manualProvider: true }],
    // A webhook secret, so the fuzzer reaches the signature check; no secret key (card payments say so with a typed 503).
    [paymentsStripe, { webhookSecret: 'whsec_reliability_suite' }],
    crm,
    recommendations,
    suppliers,
    webhooks,
    analytics,
    probe,
  ],
  demo,
  async seed (ctx, app) {
    await app.services.auth.createAdminUser({ ...ctx, actor: systemActor }, { email: demo.adminEmail, password: demo.adminPassword, roles: ['owner'] })
  },
})
