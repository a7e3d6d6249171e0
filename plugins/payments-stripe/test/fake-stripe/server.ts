import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import {
  attachPaymentMethod, closeDispute, createCustomer, createdFilter, createSetupIntent, deleteCustomer, detachPaymentMethod,
  getCustomer, getPaymentMethod, getSetupIntent, listPage, openDispute, updateCustomer,
} from './accounts.js'
import { buildBalanceTransaction, notFound, StripeFailure, type StripeObject } from './objects.js'
import {
  cancelPaymentIntent, capturePaymentIntent, confirmPaymentIntent, createPaymentIntent, createRefund, createState, getIntent, type FakeState,
} from './payments.js'
import { decodeForm, InvalidParamError, matchOperation, validateParams } from './spec.js'

type Handler = (state: FakeState, p: Record<string, unknown>, path: Record<string, string>, url: string) => unknown

function found (map: Map<string, StripeObject>, kind: string, param: string): (state: FakeState, id: string) => StripeObject {
  return (_state, id) => { const o = map.get(id); if (o == null) throw notFound(kind, id, param); return o }
}

const handlers: Record<string, Handler> = {
  GetPaymentIntents: (s, p, _v, url) => listPage(url, createdFilter([...s.paymentIntents.values()].filter((o) => p.customer == null || o.customer === p.customer), p.created), p),
  PostPaymentIntents: (s, p) => createPaymentIntent(s, p),
  GetPaymentIntentsIntent: (s, _p, v) => getIntent(s, v.intent ?? ''),
  PostPaymentIntentsIntent: (s, p, v) => { const pi = getIntent(s, v.intent ?? ''); if (p.metadata != null) pi.metadata = { ...(pi.metadata as object), ...(p.metadata as object) }; return pi },
  PostPaymentIntentsIntentConfirm: (s, p, v) => confirmPaymentIntent(s, v.intent ?? '', p),
  PostPaymentIntentsIntentCapture: (s, p, v) => capturePaymentIntent(s, v.intent ?? '', p),
  PostPaymentIntentsIntentCancel: (s, p, v) => cancelPaymentIntent(s, v.intent ?? '', p),
  GetRefunds: (s, p, _v, url) => listPage(url, createdFilter([...s.refunds.values()].filter((r) => (p.charge == null || r.charge === p.charge) && (p.payment_intent == null || r.payment_intent === p.payment_intent)), p.created), p),
  PostRefunds: (s, p) => createRefund(s, p),
  GetRefundsRefund: (s, _p, v) => found(s.refunds, 'refund', 'refund')(s, v.refund ?? ''),
  PostCustomers: (s, p) => createCustomer(s, p),
  GetCustomersCustomer: (s, _p, v) => getCustomer(s, v.customer ?? ''),
  PostCustomersCustomer: (s, p, v) => updateCustomer(s, v.customer ?? '', p),
  DeleteCustomersCustomer: (s, _p, v) => deleteCustomer(s, v.customer ?? ''),
  GetCustomersCustomerPaymentMethods: (s, p, v, url) => { getCustomer(s, v.customer ?? ''); return listPage(url, [...s.paymentMethods.values()].filter((pm) => pm.customer === v.customer && (p.type == null || pm.type === p.type)), p) },
  GetPaymentMethods: (s, p, _v, url) => listPage(url, [...s.paymentMethods.values()].filter((pm) => pm.customer != null && (p.customer == null || pm.customer === p.customer) && (p.type == null || pm.type === p.type)), p),
  GetPaymentMethodsPaymentMethod: (s, _p, v) => getPaymentMethod(s, v.payment_method ?? ''),
  PostPaymentMethodsPaymentMethodAttach: (s, p, v) => attachPaymentMethod(s, v.payment_method ?? '', p),
  PostPaymentMethodsPaymentMethodDetach: (s, _p, v) => detachPaymentMethod(s, v.payment_method ?? ''),
  PostSetupIntents: (s, p) => createSetupIntent(s, p),
  GetSetupIntentsIntent: (s, _p, v) => getSetupIntent(s, v.intent ?? ''),
  GetBalanceTransactions: (s, p, _v, url) => listPage(url, createdFilter(s.balanceTransactions.filter((t) => (p.type == null || t.type === p.type) && (p.source == null || t.source === p.source) && (p.currency == null || t.currency === p.currency)), p.created), p),
  GetBalanceTransactionsId: (s, _p, v) => { const t = s.balanceTransactions.find((o) => o.id === v.id); if (t == null) throw notFound('balance transaction', v.id ?? '', 'id'); return t },
  GetCharges: (s, p, _v, url) => listPage(url, createdFilter([...s.charges.values()].filter((c) => p.payment_intent == null || c.payment_intent === p.payment_intent), p.created), p),
  GetChargesCharge: (s, _p, v) => found(s.charges, 'charge', 'charge')(s, v.charge ?? ''),
  GetEvents: (s, p, _v, url) => listPage(url, createdFilter(s.events.filter((e) => p.type == null || e.type === p.type), p.created), p),
  GetEventsId: (s, _p, v) => { const e = s.events.find((o) => o.id === v.id); if (e == null) throw notFound('event', v.id ?? '', 'id'); return e },
  GetDisputesDispute: (s, _p, v) => found(s.disputes, 'dispute', 'dispute')(s, v.dispute ?? ''),
}

/** Replaces ids by the objects they name, for the `expand[]` paths Comptoir uses. */
function expand (state: FakeState, value: unknown, paths: string[]): unknown {
  if (paths.length === 0 || typeof value !== 'object' || value == null) return value
  const out = structuredClone(value) as Record<string, unknown>
  for (const path of paths) {
    const [head, ...rest] = path.split('.')
    if (head === 'data' && Array.isArray(out.data)) { out.data = out.data.map((item) => expand(state, item, [rest.join('.')])); continue }
    if (head == null) continue
    const id = out[head]
    if (typeof id !== 'string') continue
    const target = state.charges.get(id) ?? state.paymentMethods.get(id) ?? state.customers.get(id) ?? state.paymentIntents.get(id) ?? state.balanceTransactions.find((t) => t.id === id)
    if (target != null) out[head] = rest.length > 0 ? expand(state, target, [rest.join('.')]) : structuredClone(target)
  }
  return out
}

export interface RecordedRequest { method: string, path: string, idempotencyKey: string | null, params: Record<string, unknown>, status: number }

/** A running fake Stripe: the state, what it received, and the hooks tests use to bend it. */
export interface FakeStripe {
  port: number
  secretKey: string
  state: FakeState
  requests: RecordedRequest[]
  /** A real SDK client pointed at this server. */
  client: () => Stripe
  /** Events emitted since the start, oldest first (optionally of one type). */
  eventsOf: (type?: string) => StripeObject[]
  openDispute: (chargeId: string, amount?: number) => StripeObject
  closeDispute: (disputeId: string, outcome: 'won' | 'lost') => StripeObject
  /** A balance transaction with no counterpart in the ledger (a reconciliation mismatch). */
  injectBalanceTransaction: (fields: { amount: number, currency: string, type: string, source: string, fee?: number }) => StripeObject
  /** Answers the next `count` requests with a 500 api_error (a gateway outage). */
  failNext: (count: number) => void
  /** Processes the next `count` requests, then drops the connection instead of answering (lost responses). */
  loseNextResponses: (count: number) => void
  close: () => Promise<void>
}

/** Starts the fake on a free local port; `secretKey` is the only API key it accepts. */
export async function startFakeStripe (secretKey = 'sk_test_fake_51Comptoir'): Promise<FakeStripe> {
  const state = createState()
  const requests: RecordedRequest[] = []
  const idempotency = new Map<string, { fingerprint: string, status: number, body: string }>()
  let failures = 0
  let lostResponses = 0

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const method = req.method ?? 'GET'
      const raw = method === 'GET' || method === 'DELETE' ? url.search.slice(1) : Buffer.concat(chunks).toString('utf8')
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null
      const send = (status: number, body: string, replayed = false): void => {
        if (lostResponses > 0) { lostResponses--; req.socket.destroy(); return }
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${Date.now()}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) })
        res.end(body)
      }
      const record = (status: number, params: Record<string, unknown>): void => { requests.push({ method, path: url.pathname, idempotencyKey: key, params, status }) }
      if (req.headers.authorization !== `Bearer ${secretKey}`) {
        record(401, {})
        send(401, JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_********************' } }))
        return
      }
      // Stripe keys idempotency on the key and compares the request: another request → idempotency_error.
      const fingerprint = createHash('sha256').update(`${method} ${url.pathname}\n${raw}`).digest('hex')
      if (key != null && method === 'POST') {
        const earlier = idempotency.get(key)
        if (earlier != null) {
          if (earlier.fingerprint !== fingerprint) {
            record(400, decodeForm(raw))
            send(400, JSON.stringify({ error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } }))
            return
          }
          record(earlier.status, decodeForm(raw))
          send(earlier.status, earlier.body, true)
          return
        }
      }
      let status = 200
      let body: unknown
      let params: Record<string, unknown> = {}
      try {
        if (failures > 0) { failures--; throw new StripeFailure(500, { type: 'api_error', message: 'An unknown error occurred' }) }
        const op = matchOperation(method, url.pathname)
        if (op == null) throw new StripeFailure(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` })
        params = validateParams(op.operationId, decodeForm(raw))
        const handler = handlers[op.operationId]
        if (handler == null) throw new StripeFailure(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` })
        body = expand(state, handler(state, params, op.pathValues, url.pathname), (params.expand as string[] | undefined) ?? [])
      } catch (error) {
        if (error instanceof InvalidParamError) { status = 400; body = { error: { type: 'invalid_request_error', message: error.message, param: error.param, code: error.code } } } else if (error instanceof StripeFailure) { status = error.status; body = { error: error.body } } else { status = 500; body = { error: { type: 'api_error', message: (error as Error).message } } }
      }
      const text = JSON.stringify(body)
      // Stripe does not save 500s against the key: the retry runs again.
      if (key != null && method === 'POST' && status < 500) idempotency.set(key, { fingerprint, status, body: text })
      record(status, params)
      send(status, text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    secretKey,
    state,
    requests,
    client: () => new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0, telemetry: false }),
    eventsOf: (type) => state.events.filter((e) => type == null || e.type === type),
    openDispute: (chargeId, amount) => openDispute(state, chargeId, amount),
    closeDispute: (disputeId, outcome) => closeDispute(state, disputeId, outcome),
    injectBalanceTransaction: (fields) => { const txn = buildBalanceTransaction(fields); state.balanceTransactions.push(txn); return txn },
    failNext: (count) => { failures = count },
    loseNextResponses: (count) => { lostResponses = count },
    close: async () => { server.closeAllConnections(); await new Promise<void>((resolve) => server.close(() => resolve())) },
  }
}
