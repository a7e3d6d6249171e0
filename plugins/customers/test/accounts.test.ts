import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { password, randomIp, setup } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
  const { app, register } = await setup(dbs, t, engine, { maxFailedLoginsPerAccount: 3, maxFailedLoginsPerIp: 4 }, [], { http: { rateLimit: { authMax: 12 } } })
  t.test(`${engine}: register, read me, refresh, log out`, async (t) => {
    const shopper = await register({ firstName: 'Ada', locale: 'fr-FR', preferredCurrency: 'EUR' })
    const me = await app.inject({ method: 'GET', url: '/store/customers/me', headers: shopper.headers })
    t.equal(me.statusCode, 200)
    t.match(me.json(), { id: shopper.customerId, email: shopper.email, firstName: 'Ada', locale: 'fr-FR', preferredCurrency: 'EUR', status: 'active', emailVerified: false })
    t.notOk('passwordHash' in me.json(), 'no hash leaks')

    const refreshed = await app.inject({ method: 'POST', url: '/store/customers/sessions/current/refresh', remoteAddress: randomIp(), headers: shopper.headers })
    t.equal(refreshed.statusCode, 201)
    const newHeaders = { authorization: `Bearer ${(refreshed.json() as { token: string }).token}` }
    t.equal((await app.inject({ method: 'GET', url: '/store/customers/me', headers: shopper.headers })).statusCode, 401, 'the old token stops working')
    t.equal((await app.inject({ method: 'GET', url: '/store/customers/me', headers: newHeaders })).statusCode, 200)

    const out = await app.inject({ method: 'DELETE', url: '/store/customers/sessions/current', headers: newHeaders })
    t.equal(out.statusCode, 204)
    t.equal((await app.inject({ method: 'GET', url: '/store/customers/me', headers: newHeaders })).statusCode, 401)
    const anonymous = await app.inject({ method: 'GET', url: '/store/customers/me' })
    t.equal(anonymous.statusCode, 401)
    t.equal(anonymous.json().code, 'CORE_UNAUTHENTICATED', 'the kernel guards customer routes')
  })

  t.test(`${engine}: emails are unique whatever their case`, async (t) => {
    const shopper = await register()
    const res = await app.inject({ method: 'POST', url: '/store/customers', remoteAddress: randomIp(), payload: { email: shopper.email.toUpperCase(), password } })
    t.equal(res.statusCode, 409)
    t.equal(res.json().code, 'CUSTOMERS_EMAIL_TAKEN')
    const login = await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: randomIp(), payload: { email: ` ${shopper.email.toUpperCase()} `, password } })
    t.equal(login.statusCode, 201, 'login ignores case and surrounding spaces')
    t.equal(login.json().customerId, shopper.customerId)
  })

  t.test(`${engine}: a failed login says the same whether the email exists`, async (t) => {
    const shopper = await register()
    const wrong = await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: randomIp(), payload: { email: shopper.email, password: 'not the password' } })
    const unknown = await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: randomIp(), payload: { email: 'nobody@example.com', password: 'not the password' } })
    t.equal(wrong.statusCode, 401)
    t.equal(unknown.statusCode, 401)
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined, instance: undefined })
    t.same(strip(wrong.json()), strip(unknown.json()))
    t.equal(wrong.json().code, 'CUSTOMERS_INVALID_CREDENTIALS')
  })

  t.test(`${engine}: an account is locked after too many failures, the right password included; unknown emails too`, async (t) => {
    const shopper = await register()
    const attempt = async (email: string, pw: string) => await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: randomIp(), payload: { email, password: pw } })
    for (let i = 0; i < 3; i++) t.equal((await attempt(shopper.email, 'wrong password')).statusCode, 401)
    const locked = await attempt(shopper.email, password)
    t.equal(locked.statusCode, 429)
    t.equal(locked.json().code, 'CUSTOMERS_LOGIN_LOCKED')
    t.ok(locked.json().retryAfterSeconds > 0)
    for (let i = 0; i < 3; i++) await attempt('ghost@example.com', 'wrong password')
    t.equal((await attempt('ghost@example.com', 'wrong password')).json().code, 'CUSTOMERS_LOGIN_LOCKED', 'an unknown email locks the same way')
    t.equal((await app.inject({ method: 'POST', url: '/store/customers', remoteAddress: randomIp(), payload: { email: 'x' + shopper.email, password } })).statusCode, 201)
  })

  t.test(`${engine}: concurrent guesses cannot exceed the per-account limit`, async (t) => {
    const shopper = await register()
    const results = await Promise.all(Array.from({ length: 8 }, async () =>
      await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: randomIp(), payload: { email: shopper.email, password: 'wrong password' } })))
    t.equal(results.filter((r) => r.statusCode === 401).length, 3, 'exactly the limit got a password check')
    t.equal(results.filter((r) => r.statusCode === 429).length, 5)
  })

  t.test(`${engine}: one address guessing many accounts is locked per IP`, async (t) => {
    const ip = randomIp()
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const res = await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: ip, payload: { email: `victim${i}@example.com`, password: 'guess guess' } })
      statuses.push(res.statusCode)
    }
    t.same(statuses, [401, 401, 401, 401, 429, 429])
    const other = await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: randomIp(), payload: { email: 'victim9@example.com', password: 'guess guess' } })
    t.equal(other.statusCode, 401, 'another address is not affected')
  })

  t.test(`${engine}: the login route has the kernel's stricter auth rate limit`, async (t) => {
    const ip = randomIp()
    const codes: string[] = []
    for (let i = 0; i < 13; i++) codes.push((await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: ip, payload: { email: `a${i}@example.com`, password: 'guess guess' } })).json().code as string)
    t.equal(codes[4], 'CUSTOMERS_LOGIN_LOCKED', 'our per-IP lock first')
    t.equal(codes[12], 'CORE_RATE_LIMITED', 'then the kernel limiter of auth routes (authMax 12)')
  })

  t.test(`${engine}: changing the password ends other sessions`, async (t) => {
    const shopper = await register()
    const wrong = await app.inject({ method: 'POST', url: '/store/customers/me/password', remoteAddress: randomIp(), headers: shopper.headers, payload: { currentPassword: 'nope nope nope', newPassword: 'a brand new password' } })
    t.equal(wrong.statusCode, 403)
    t.equal(wrong.json().code, 'CUSTOMERS_CURRENT_PASSWORD_INVALID')
    const res = await app.inject({ method: 'POST', url: '/store/customers/me/password', remoteAddress: randomIp(), headers: shopper.headers, payload: { currentPassword: password, newPassword: 'a brand new password' } })
    t.equal(res.statusCode, 201)
    t.equal((await app.inject({ method: 'GET', url: '/store/customers/me', headers: shopper.headers })).statusCode, 401)
    t.equal((await app.inject({ method: 'GET', url: '/store/customers/me', headers: { authorization: `Bearer ${res.json().token as string}` } })).statusCode, 200)
    const login = await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: randomIp(), payload: { email: shopper.email, password: 'a brand new password' } })
    t.equal(login.statusCode, 201)
  })

  t.test(`${engine}: stored passwords are scrypt hashes`, async (t) => {
    const shopper = await register()
    const row = await app.comptoir.database.knex('customers_customers').select('password_hash').where({ id: shopper.customerId }).first() as { password_hash: string }
    t.match(row.password_hash, /^scrypt\$32768\$8\$1\$/)
    t.notMatch(row.password_hash, password)
  })
  })
}
