import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { createAddressGuard } from '../src/address-guard.js'
import { matchesPattern } from '../src/event-filters.js'
import { retryAfterMs, retryDelayMs } from '../src/retry-policy.js'
import { keyHeaders, testEngines, webhooksApp } from './helpers.js'

const dbs = createTestDatabases(t)

t.test('the SSRF guard classifies addresses and refuses names that resolve to loopback at connect time', async (t) => {
  const strict = createAddressGuard({ allowLoopback: false, allowPrivateNetworks: false })
  t.same(['8.8.8.8', '127.0.0.1', '::1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', 'fe80::1', '::ffff:10.0.0.1', '0.0.0.0', '224.0.0.1', 'fd00::1', '2606:4700::1']
    .map((a) => strict.kindOf(a)), ['public', 'loopback', 'loopback', 'private', 'private', 'private', 'link-local', 'link-local', 'private', 'reserved', 'reserved', 'private', 'public'])
  // 1. `localhost` is a name: only the lookup (what http.request calls before connecting) sees its address.
  const refused = await new Promise<Error | null>((resolve) => strict.lookup('localhost', {}, (error) => resolve(error)))
  t.match(refused, { code: 'WEBHOOKS_ADDRESS_REFUSED', message: /loopback/ })
  // 2. allowed by the policy, the same lookup answers with the address.
  const open = createAddressGuard({ allowLoopback: true, allowPrivateNetworks: false })
  const address = await new Promise<string>((resolve, reject) => open.lookup('localhost', {}, (error, a) => error != null ? reject(error) : resolve(a as string)))
  t.equal(open.kindOf(address), 'loopback')
  t.throws(() => open.checkUrl('https://10.0.0.7/hook'), { code: 'WEBHOOKS_ADDRESS_REFUSED' })
  for (const url of ['https://localhost/x', 'https://127.0.0.1/x', 'https://app.localhost/x', 'https://[::1]/x']) {
    t.throws(() => strict.checkUrl(url), { code: 'WEBHOOKS_ADDRESS_REFUSED' }, `${url} without allowLoopback`)
  }
  t.throws(() => strict.checkUrl('http://hooks.example.com/x'), { code: 'WEBHOOKS_URL_NOT_HTTPS' })
  t.equal(open.checkUrl('http://127.0.0.1:8080/x').port, '8080')
  t.throws(() => createAddressGuard({ allowLoopback: true, allowPrivateNetworks: true }).checkUrl('http://10.0.0.7/hook'), { code: 'WEBHOOKS_URL_NOT_HTTPS' }, 'http stays loopback-only')
})

t.test('retry delays double with jitter, honour Retry-After and stay under the maximum; filters match by prefix', async (t) => {
  t.same([2, 3, 4].map((n) => retryDelayMs(n, { baseMs: 1000, maxMs: 10_000, retryAfterMs: null, random: () => 0.5 })), [1000, 2000, 4000])
  t.equal(retryDelayMs(2, { baseMs: 1000, maxMs: 10_000, retryAfterMs: null, random: () => 0 }), 800, '−20 % jitter')
  t.equal(retryDelayMs(2, { baseMs: 1000, maxMs: 10_000, retryAfterMs: 7000, random: () => 0.5 }), 7000, 'Retry-After wins when longer')
  t.equal(retryDelayMs(20, { baseMs: 1000, maxMs: 10_000, retryAfterMs: 99_000, random: () => 0.5 }), 10_000, 'capped')
  t.equal(retryAfterMs('3'), 3000)
  t.equal(retryAfterMs(new Date(Date.now() + 5000).toUTCString()) != null, true)
  t.equal(retryAfterMs('soon'), null)
  t.ok(matchesPattern('shop.*', 'shop.order.placed'))
  t.notOk(matchesPattern('shop.*', 'shopping.cart.created'))
  t.ok(matchesPattern('*', 'anything.at.all'))
})

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const s = await webhooksApp(dbs, t, engine)

    t.test('an endpoint is created with its secret shown once, then read, listed, changed and deleted', async (t) => {
      const created = await s.call('POST', '/admin/webhook-endpoints', { url: 'https://hooks.example.com/comptoir', events: ['shop.order.*', 'shop.customer.created'], description: 'ERP' })
      t.equal(created.statusCode, 201)
      const { endpoint, secret } = created.json()
      t.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/)
      t.match(endpoint, { url: 'https://hooks.example.com/comptoir', events: ['shop.customer.created', 'shop.order.*'], enabled: true, description: 'ERP' })
      const read = await s.call('GET', `/admin/webhook-endpoints/${endpoint.id}`)
      t.equal(read.statusCode, 200)
      t.notOk(read.body.includes(secret), 'the secret is never read back')
      t.notOk('secret' in read.json())
      const list = await s.call('GET', '/admin/webhook-endpoints?limit=100')
      t.ok(list.json().items.some((e: { id: string }) => e.id === endpoint.id))
      t.notOk(list.body.includes('whsec_'))
      const off = await s.call('PATCH', `/admin/webhook-endpoints/${endpoint.id}`, { enabled: false, events: ['*'] })
      t.match(off.json(), { enabled: false, disabledReason: 'manual', events: ['*'] })
      const on = await s.call('PATCH', `/admin/webhook-endpoints/${endpoint.id}`, { enabled: true, description: null })
      t.match(on.json(), { enabled: true, disabledReason: null, description: null })
      t.equal((await s.call('DELETE', `/admin/webhook-endpoints/${endpoint.id}`)).statusCode, 204)
      t.match((await s.call('GET', `/admin/webhook-endpoints/${endpoint.id}`)).json(), { status: 404, code: 'WEBHOOKS_ENDPOINT_NOT_FOUND' })
      t.match((await s.call('DELETE', `/admin/webhook-endpoints/${endpoint.id}`)).json(), { code: 'WEBHOOKS_ENDPOINT_NOT_FOUND' })
    })

    t.test('URLs must be https (http only to loopback), without credentials, and not private, link-local or metadata addresses', async (t) => {
      const cases: Array<[string, string]> = [
        ['http://hooks.example.com/x', 'WEBHOOKS_URL_NOT_HTTPS'],
        ['https://10.0.0.5/x', 'WEBHOOKS_ADDRESS_REFUSED'],
        ['https://169.254.169.254/latest/meta-data', 'WEBHOOKS_ADDRESS_REFUSED'],
        ['https://[fd00::1]/x', 'WEBHOOKS_ADDRESS_REFUSED'],
        ['https://[::ffff:192.168.0.1]/x', 'WEBHOOKS_ADDRESS_REFUSED'],
        ['https://0.0.0.0/x', 'WEBHOOKS_ADDRESS_REFUSED'],
        ['https://user:pass@hooks.example.com/x', 'WEBHOOKS_URL_INVALID'],
        ['ftp://hooks.example.com/x', 'WEBHOOKS_URL_INVALID'],
        ['not a url', 'WEBHOOKS_URL_INVALID'],
      ]
      for (const [url, code] of cases) {
        const res = await s.call('POST', '/admin/webhook-endpoints', { url, events: ['*'] })
        t.match({ status: res.statusCode, ...res.json() }, { status: 422, code }, url)
      }
      t.equal((await s.call('POST', '/admin/webhook-endpoints', { url: 'http://localhost:9/x', events: ['*'] })).statusCode, 201, 'loopback over http, allowed by this store')
    })

    t.test('event filters must name declared events; an endpoint gets nothing by default', async (t) => {
      const types = await s.call('GET', '/admin/webhook-event-types')
      t.equal(types.statusCode, 200, types.body)
      t.ok(types.json().items.some((e: { name: string }) => e.name === 'shop.order.placed'))
      t.ok(types.json().items.some((e: { name: string }) => e.name === 'webhooks.endpoint.disabled'))
      t.match((await s.call('POST', '/admin/webhook-endpoints', { url: 'https://hooks.example.com/x', events: ['shop.order.shipped'] })).json(), { status: 422, code: 'WEBHOOKS_UNKNOWN_EVENT', pattern: 'shop.order.shipped' })
      t.match((await s.call('POST', '/admin/webhook-endpoints', { url: 'https://hooks.example.com/x', events: ['returns.*'] })).json(), { code: 'WEBHOOKS_UNKNOWN_EVENT' })
      t.match((await s.call('POST', '/admin/webhook-endpoints', { url: 'https://hooks.example.com/x', events: ['shop_order'] })).json(), { status: 400, code: 'CORE_VALIDATION' })
      t.match((await s.call('POST', '/admin/webhook-endpoints', { url: 'https://hooks.example.com/x' })).json(), { status: 400, code: 'CORE_VALIDATION' }, 'events are required')
      t.match((await s.call('POST', '/admin/webhook-endpoints', { url: 'https://hooks.example.com/x', events: [] })).json(), { status: 400, code: 'CORE_VALIDATION' })
    })

    t.test('rotating the secret returns a new one once and keeps the old one signing for the overlap', async (t) => {
      const { id, secret } = await s.endpoint('https://hooks.example.com/rotate')
      const res = await s.call('POST', `/admin/webhook-endpoints/${id}/rotate-secret`, { overlapSeconds: 600 })
      t.equal(res.statusCode, 200)
      t.not(res.json().secret, secret)
      t.ok(Date.parse(res.json().endpoint.previousSecretExpiresAt) > Date.now() + 500_000)
      const none = await s.call('POST', `/admin/webhook-endpoints/${id}/rotate-secret`, { overlapSeconds: 0 })
      t.equal(none.json().endpoint.previousSecretExpiresAt, null, 'no overlap: only the new secret signs')
      t.match((await s.call('POST', `/admin/webhook-endpoints/${id}/rotate-secret`, { overlapSeconds: -1 })).json(), { status: 400, code: 'CORE_VALIDATION' })
    })

    t.test('reading needs webhooks:read and changing needs webhooks:write', async (t) => {
      const reader = await keyHeaders(s.app, ['webhooks:read'])
      t.equal((await s.call('GET', '/admin/webhook-endpoints', undefined, reader)).statusCode, 200)
      t.equal((await s.call('POST', '/admin/webhook-endpoints', { url: 'https://hooks.example.com/x', events: ['*'] }, reader)).statusCode, 403)
      t.equal((await s.call('GET', '/admin/webhook-endpoints', undefined, {})).statusCode, 401)
    })

    t.test('bad ids, periods and years are 4xx, never 500', async (t) => {
      const { id } = await s.endpoint('https://hooks.example.com/periods')
      t.equal((await s.call('GET', '/admin/webhook-endpoints/not-a-uuid')).statusCode, 400)
      t.equal((await s.call('GET', `/admin/webhook-endpoints/${id}/deliveries?since=0000-01-01T00:00:00Z`)).statusCode, 400)
      t.match((await s.call('GET', `/admin/webhook-endpoints/${id}/deliveries?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z`)).json(), { status: 422, code: 'WEBHOOKS_INVALID_PERIOD' })
      t.match((await s.call('GET', `/admin/webhook-endpoints/${id}/deliveries?cursor=garbage`)).json(), { status: 400 })
      t.match((await s.call('GET', '/admin/webhook-deliveries/00000000-0000-4000-8000-000000000000')).json(), { status: 404, code: 'WEBHOOKS_DELIVERY_NOT_FOUND' })
      t.match((await s.call('POST', `/admin/webhook-endpoints/${id}/redeliver-failed`, { since: '2026-01-01T00:00:00Z', until: '2025-01-01T00:00:00Z' })).json(), { status: 422, code: 'WEBHOOKS_INVALID_PERIOD' })
    })
  })
}
