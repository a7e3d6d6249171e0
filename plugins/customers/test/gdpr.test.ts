import t from 'tap'
import { systemActor, type Cradle, type JobInfo } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import customers from '../src/index.js'
import { reviewsPlugin } from './fixtures/reviews/plugin.js'
import { setup, type Shopper } from './helpers.js'

const dbs = createTestDatabases(t)
const jobInfo = (services: Cradle): JobInfo => ({ id: 'job-1', name: 'test', attempt: 1, progress: async () => {}, services })

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, register, admin } = await setup(dbs, t, engine, { erasureDelaySeconds: 3600, disabledRetentionSeconds: 0 }, [reviewsPlugin])
    const knex = app.comptoir.database.knex
    const ctx = app.comptoir.systemCtx(systemActor)

    /** A customer with personal data in both plugins; returns the strings that must disappear. */
    async function richCustomer (tag: string): Promise<{ s: Shopper, secrets: string[] }> {
      const phone = `+33 6 ${10 + Math.floor(Math.random() * 89)} 22 ${10 + Math.floor(Math.random() * 89)} 99`
      const s = await register({ firstName: `Zorglub${tag}`, lastName: `Quixotic${tag}`, phone })
      await app.inject({ method: 'POST', url: '/store/customers/me/addresses', headers: s.headers, payload: { line1: `77 Rue Secrète ${tag}`, city: `Villeobscure${tag}`, postalCode: '13013', countryCode: 'FR', phone: '+33 4 91 00 00 00' } })
      await app.inject({ method: 'POST', url: '/store/customers/me/payment-methods', headers: s.headers, payload: { gateway: 'stripe', gatewayMethodId: `pm_${tag}abcdef`, last4: '4242' } })
      await app.inject({ method: 'POST', url: '/store/customers/me/consents', headers: s.headers, payload: { changes: [{ purpose: 'marketing_email', granted: true }] } })
      await knex('reviews_reviews').insert({ customer_id: s.customerId, author_name: `Zorglub${tag} Q.`, body: `Loved it, signed Quixotic${tag}`, rating: 5 })
      return { s, secrets: [s.email, `Zorglub${tag}`, `Quixotic${tag}`, `77 Rue Secrète ${tag}`, `Villeobscure${tag}`, phone] }
    }

    /** Every row of every table in the app's schema, as text. */
    async function everyRowAsText (): Promise<string> {
      const tables = await knex('information_schema.tables').select('table_name').whereRaw('table_schema = current_schema()').andWhere('table_type', 'BASE TABLE') as Array<{ table_name: string }>
      t.ok(tables.some((x) => x.table_name === 'reviews_reviews') && tables.some((x) => x.table_name === 'comptoir_audit_log'))
      const parts: string[] = []
      for (const { table_name: name } of tables) {
        const rows = await knex.raw('select t::text as row from ?? t', [name]) as { rows: Array<{ row: string }> }
        parts.push(...rows.rows.map((r) => r.row))
      }
      return parts.join('\n')
    }

    t.test('the export holds data from both plugins, for the customer and the admin', async (t) => {
      const { s } = await richCustomer('exp1')
      const mine = await app.inject({ method: 'GET', url: '/store/customers/me/export', headers: s.headers })
      t.equal(mine.statusCode, 200)
      const bundle = mine.json()
      t.same(Object.keys(bundle.plugins).sort(), ['customers', 'reviews'])
      t.match(bundle.plugins.customers, { profile: { email: s.email, firstName: 'Zorglubexp1' }, addresses: [{ city: 'Villeobscureexp1' }], paymentMethods: [{ last4: '4242' }], consents: [{ purpose: 'marketing_email', granted: true }] })
      t.match(bundle.plugins.reviews, { reviews: [{ rating: 5 }] })
      const byAdmin = await app.inject({ method: 'GET', url: `/admin/customers/${s.customerId}/export`, headers: admin })
      t.same(byAdmin.json().plugins, bundle.plugins)
    })

    t.test('after an admin erasure no table holds the customer\'s email, name, phone or address', async (t) => {
      const { s, secrets } = await richCustomer('era1')
      const before = await everyRowAsText()
      for (const secret of secrets) t.match(before, secret, `present before: ${secret}`)
      const res = await app.inject({ method: 'POST', url: `/admin/customers/${s.customerId}/erase`, headers: admin })
      t.equal(res.statusCode, 200)
      const { pseudonym, plugins } = res.json() as { pseudonym: string, plugins: string[] }
      t.same(plugins.sort(), ['customers', 'reviews'])
      const after = await everyRowAsText()
      for (const secret of secrets) t.notMatch(after, secret, `gone after: ${secret}`)
      t.match(await knex('customers_customers').where({ id: s.customerId }).first(), { email: `erased+${pseudonym}@invalid`, status: 'erased', first_name: null })
      t.match(await knex('reviews_reviews').where({ customer_id: pseudonym }).first(), { rating: 5 }, 'kept records live on under the pseudonym')
      t.match(await knex('customers_consents').where({ pseudonym }).first(), { customer_id: null, purpose: 'marketing_email', granted: true }, 'consent proof kept, detached')
      const audit = await knex('comptoir_audit_log').where({ action: 'customers.customer.erased', target_id: s.customerId })
      t.equal(audit.length, 1, 'the erasure is in the audit log')
      t.equal((await app.inject({ method: 'GET', url: '/store/customers/me', headers: s.headers })).statusCode, 401, 'sessions end')
      const again = await app.inject({ method: 'POST', url: `/admin/customers/${s.customerId}/erase`, headers: admin })
      t.equal(again.json().pseudonym, pseudonym, 'erasing twice changes nothing')
    })

    t.test('a customer\'s erasure request is carried out by the job once due', async (t) => {
      const { s } = await richCustomer('job1')
      const req = await app.inject({ method: 'POST', url: '/store/customers/me/erasure-request', headers: s.headers })
      t.equal(req.statusCode, 202)
      t.match(req.json(), { status: 'pending', requestedBy: 'customer' })
      t.equal((await app.inject({ method: 'POST', url: '/store/customers/me/erasure-request', headers: s.headers })).json().id, req.json().id, 'asking twice returns the same request')
      const job = customers.jobs?.['customers.erase-due-requests']
      t.ok(job?.schedule?.cron)
      await job?.handler(ctx, { limit: 100 }, jobInfo(app.services))
      t.equal((await knex('customers_customers').where({ id: s.customerId }).first()).status, 'active', 'not yet due')
      await knex('customers_erasure_requests').where({ customer_id: s.customerId }).update({ due_at: knex.raw("now() - interval '1 second'") })
      await job?.handler(ctx, { limit: 100 }, jobInfo(app.services))
      t.equal((await knex('customers_customers').where({ id: s.customerId }).first()).status, 'erased')
      t.match(await knex('customers_erasure_requests').where({ customer_id: s.customerId }).first(), { status: 'completed' })
    })

    t.test('the retention job erases disabled accounts after the configured period', async (t) => {
      const { s } = await richCustomer('ret1')
      const active = await richCustomer('ret2')
      t.equal((await app.inject({ method: 'POST', url: `/admin/customers/${s.customerId}/disable`, headers: admin })).statusCode, 200)
      const job = customers.jobs?.['customers.erase-expired-disabled']
      t.ok(job?.schedule?.cron)
      await job?.handler(ctx, { limit: 100 }, jobInfo(app.services))
      t.equal((await knex('customers_customers').where({ id: s.customerId }).first()).status, 'erased')
      t.equal((await knex('customers_customers').where({ id: active.s.customerId }).first()).status, 'active')
    })
  })
}
