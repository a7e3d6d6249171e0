import t from 'tap'
import { systemActor } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { password, randomIp, setup } from './helpers.js'
import { startSmtpServer, tokenIn } from './smtp-server.js'
import { createLogNotifier } from '../src/notifiers/log-notifier.js'
import type { CustomerMessage } from '../src/notifiers/message.js'

const dbs = createTestDatabases(t)

t.test('the log notifier shows the link in development and never the token in production', async (t) => {
  const lines: unknown[] = []
  const log = { info: (obj: unknown) => { lines.push(obj) }, warn: (obj: unknown) => { lines.push(obj) } } as unknown as Parameters<typeof createLogNotifier>[0]
  const message: CustomerMessage = { kind: 'password-reset', customerId: 'c1', to: 'a@example.com', subject: 's', text: 'open https://x/reset?token=SECRETTOKEN123', redactedText: 'open https://x/reset?token=[token]' }
  await createLogNotifier(log, false)(message)
  t.match(JSON.stringify(lines[0]), 'SECRETTOKEN123')
  await createLogNotifier(log, true)(message)
  t.notMatch(JSON.stringify(lines[1]), 'SECRETTOKEN123')
  t.notMatch(JSON.stringify(lines[1]), 'a@example.com')
})

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const smtp = await startSmtpServer()
    t.teardown(smtp.close)
    const { app, register } = await setup(dbs, t, engine, { smtpUrl: smtp.url, mailFrom: 'shop@example.com' })
    t.equal(app.services.customersNotifier.transport, 'smtp')
    const post = async (url: string, payload: object, headers: Record<string, string> = {}) => await app.inject({ method: 'POST', url, payload, headers, remoteAddress: randomIp() })

    t.test('a reset link arrives by SMTP, works once, and ends every session', async (t) => {
      const shopper = await register()
      const before = smtp.mails.length
      const res = await post('/store/customers/password-resets', { email: shopper.email.toUpperCase() })
      t.equal(res.statusCode, 202)
      const mail = await smtp.waitForMail(before + 1)
      t.same(mail.to, [shopper.email])
      t.match(mail.data, 'Reset your password')
      const token = tokenIn(mail)
      const row = await app.comptoir.database.knex('customers_tokens').select('token_hash').where({ customer_id: shopper.customerId }).first() as { token_hash: string }
      t.not(row.token_hash, token, 'only a hash is stored')
      const reset = await post('/store/customers/password-resets/confirm', { token, password: 'my new long password' })
      t.equal(reset.statusCode, 204)
      t.equal((await app.inject({ method: 'GET', url: '/store/customers/me', headers: shopper.headers })).statusCode, 401, 'old sessions end')
      const again = await post('/store/customers/password-resets/confirm', { token, password: 'another long password' })
      t.equal(again.statusCode, 400)
      t.equal(again.json().code, 'CUSTOMERS_INVALID_TOKEN')
      t.equal((await post('/store/customers/sessions', { email: shopper.email, password: 'my new long password' })).statusCode, 201)
      t.equal((await post('/store/customers/sessions', { email: shopper.email, password })).statusCode, 401)
    })

    t.test('an unknown email gets the same answer and no mail', async (t) => {
      const before = smtp.mails.length
      const res = await post('/store/customers/password-resets', { email: 'nobody-here@example.com' })
      t.equal(res.statusCode, 202)
      t.same(res.json(), { accepted: true })
      await new Promise((resolve) => setTimeout(resolve, 300))
      t.equal(smtp.mails.length, before)
    })

    t.test('an expired reset token is refused', async (t) => {
      const shopper = await register()
      const before = smtp.mails.length
      await post('/store/customers/password-resets', { email: shopper.email })
      const token = tokenIn(await smtp.waitForMail(before + 1))
      await app.comptoir.database.knex('customers_tokens').where({ customer_id: shopper.customerId }).update({ expires_at: app.comptoir.database.knex.raw("now() - interval '1 second'") })
      const res = await post('/store/customers/password-resets/confirm', { token, password: 'my new long password' })
      t.equal(res.json().code, 'CUSTOMERS_INVALID_TOKEN')
    })

    t.test('an email change is applied only once the new address confirms it', async (t) => {
      const shopper = await register()
      const newEmail = `new-${shopper.email}`
      const wrong = await post('/store/customers/me/email-change', { newEmail, password: 'not my password' }, shopper.headers)
      t.equal(wrong.statusCode, 403)
      const before = smtp.mails.length
      const res = await post('/store/customers/me/email-change', { newEmail, password }, shopper.headers)
      t.equal(res.statusCode, 202)
      const mail = await smtp.waitForMail(before + 1)
      t.same(mail.to, [newEmail])
      const me = await app.inject({ method: 'GET', url: '/store/customers/me', headers: shopper.headers })
      t.equal(me.json().email, shopper.email, 'unchanged until confirmed')
      const confirm = await post('/store/customers/email-change/confirm', { token: tokenIn(mail) })
      t.equal(confirm.statusCode, 204)
      const after = await app.inject({ method: 'GET', url: '/store/customers/me', headers: shopper.headers })
      t.match(after.json(), { email: newEmail, emailVerified: true })
    })

    t.test('an email change to an address taken meanwhile is a 409', async (t) => {
      const shopper = await register()
      const taken = `taken-${shopper.email}`
      const before = smtp.mails.length
      await post('/store/customers/me/email-change', { newEmail: taken, password }, shopper.headers)
      const token = tokenIn(await smtp.waitForMail(before + 1))
      await register({ email: taken.toUpperCase() })
      const res = await post('/store/customers/email-change/confirm', { token })
      t.equal(res.statusCode, 409)
      t.equal(res.json().code, 'CUSTOMERS_EMAIL_TAKEN')
    })

    t.test('a redelivered reset event after use sends nothing', async (t) => {
      const shopper = await register()
      const before = smtp.mails.length
      await post('/store/customers/password-resets', { email: shopper.email })
      const token = tokenIn(await smtp.waitForMail(before + 1))
      const row = await app.comptoir.database.knex('customers_tokens').select('id', 'expires_at').where({ customer_id: shopper.customerId }).first() as { id: string, expires_at: Date }
      await post('/store/customers/password-resets/confirm', { token, password: 'my new long password' })
      const ctx = app.comptoir.systemCtx(systemActor)
      await app.services.customersNotifier.deliver(ctx, 'customers.password-reset.requested', { customerId: shopper.customerId, tokenId: row.id, token, expiresAt: new Date(row.expires_at).toISOString() })
      t.equal(smtp.mails.length, before + 1)
    })
  })
}
