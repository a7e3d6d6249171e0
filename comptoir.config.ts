// The demo store that `npm start` runs at the repository root, on the embedded database by default.
import adminDashboard from '@comptoir/admin'
import { defineConfig, systemActor } from '@comptoir/core'
import analytics from '@comptoir/plugin-analytics'
import catalog from '@comptoir/plugin-catalog'
import crm from '@comptoir/plugin-crm'
import customers from '@comptoir/plugin-customers'
import fraud from '@comptoir/plugin-fraud'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import paymentsStripe from '@comptoir/plugin-payments-stripe'
import recommendations from '@comptoir/plugin-recommendations'
import suppliers from '@comptoir/plugin-suppliers'
import webhooks from '@comptoir/plugin-webhooks'

const demo = { adminEmail: 'admin@comptoir.test', adminPassword: 'comptoir-demo-admin' }

export default defineConfig({
  store: { name: 'Comptoir demo store' },
  log: { pretty: process.stdout.isTTY && process.env.NODE_ENV !== 'production' },
  // Checkout offers orders' built-in `manual` provider (pay on delivery / bank transfer), which
  // needs no keys, and Stripe cards once STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set
  // (test-mode keys work); without them the store starts and says so.
  plugins: [
    [catalog, { currencies: ['EUR', 'USD'] }],
    customers,
    [inventory, { allowSplit: true }],
    [orders, { defaultCurrency: 'EUR', manualProvider: true }],
    paymentsStripe,
    // Risk scoring at checkout: risky orders are held for review at /app/x/fraud/reviews; the demo block list has three entries.
    fraud,
    crm,
    // Bought-together, similar, trending and for-you picks, its models built on the first start from demo baskets.
    recommendations,
    // Two suppliers, a sent purchase order (incoming at the Paris warehouse) and a carrier whose rates checkout offers.
    suppliers,
    // Outbound webhooks; the demo's one example endpoint is disabled and at example.com, so nothing leaves the machine.
    webhooks,
    // Four weeks of demo storefront activity and orders, rolled up, so the sales dashboard has figures.
    analytics,
    // The admin dashboard at /app (sign in with the demo admin below); the plugins above add their pages to it.
    adminDashboard,
  ],
  demo,
  // Runs once, on the first start (or `comptoir seed`), after every plugin's own demo data.
  async seed (ctx, app) {
    await app.services.auth.createAdminUser({ ...ctx, actor: systemActor }, { email: demo.adminEmail, password: demo.adminPassword, roles: ['owner'] })
  },
})
