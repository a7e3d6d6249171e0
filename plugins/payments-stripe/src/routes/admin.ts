import { Readable } from 'node:stream'
import { Page, PageQuery, Type, type RoutePlugin } from '@comptoir/core'
import type { PaymentsStripeConfig } from '../config.js'
import {
  DailyTotals, LedgerEntry, LedgerQuery, MismatchQuery, PagedPeriodQuery, PeriodQuery, ReconciliationItem, ReconciliationRun,
  RunParams, StartReconciliationInput,
} from '../schemas.js'

const tags = ['payments-stripe']
const read = { permission: 'payments-stripe:read' }

/** Financial reporting from the ledger, and reconciliation with Stripe. */
export const adminRoutes: RoutePlugin<PaymentsStripeConfig> = async (app) => {
  const { paymentsStripeLedger: ledger, paymentsStripeReconciliation: reconciliation } = app.services

  app.get<{ Querystring: LedgerQuery }>('/payments-stripe/ledger-entries', {
    config: read,
    schema: { tags, operationId: 'listStripeLedgerEntries', summary: 'Ledger entries, newest first', querystring: LedgerQuery, response: { 200: Page(LedgerEntry) } },
  }, async (request) => await ledger.list(request.ctx, request.query))

  app.get<{ Querystring: PeriodQuery }>('/payments-stripe/ledger-entries.csv', {
    config: read,
    schema: {
      tags, operationId: 'exportStripeLedgerCsv', summary: 'Ledger entries of a period as CSV (streamed)', querystring: PeriodQuery,
      response: { 200: Type.String({ description: 'text/csv' }) },
    },
  }, async (request, reply) => {
    const lines = ledger.csv(request.ctx, request.query)
    // Pull the header first so a bad period is a 400 problem, not a broken stream.
    const first = await lines.next()
    void reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="payments-stripe-ledger.csv"')
    return Readable.from((async function * () { if (first.done !== true) yield first.value; yield * lines })())
  })

  app.get<{ Querystring: PeriodQuery }>('/payments-stripe/reports/daily-totals', {
    config: read,
    schema: { tags, operationId: 'getStripeDailyTotals', summary: 'Count and sum per UTC day, currency, kind and status', querystring: PeriodQuery, response: { 200: DailyTotals } },
  }, async (request) => await ledger.dailyTotals(request.ctx, request.query))

  app.get<{ Querystring: PagedPeriodQuery }>('/payments-stripe/refunds', {
    config: read,
    schema: { tags, operationId: 'listStripeRefunds', summary: 'Refund entries of the ledger', querystring: PagedPeriodQuery, response: { 200: Page(LedgerEntry) } },
  }, async (request) => await ledger.listKind(request.ctx, 'refund', request.query))

  app.get<{ Querystring: PagedPeriodQuery }>('/payments-stripe/disputes', {
    config: read,
    schema: { tags, operationId: 'listStripeDisputes', summary: 'Dispute entries of the ledger (opened, won, lost)', querystring: PagedPeriodQuery, response: { 200: Page(LedgerEntry) } },
  }, async (request) => await ledger.listKind(request.ctx, 'dispute', request.query))

  app.post<{ Body: StartReconciliationInput }>('/payments-stripe/reconciliation-runs', {
    config: { permission: 'payments-stripe:write', idempotent: true },
    schema: {
      tags, operationId: 'startStripeReconciliation', summary: 'Reconcile a period now (runs as a job)',
      body: StartReconciliationInput, response: { 202: ReconciliationRun },
    },
  }, async (request, reply) => {
    const run = await reconciliation.start(request.ctx, request.body)
    reply.code(202)
    return run
  })

  app.get<{ Querystring: PageQuery }>('/payments-stripe/reconciliation-runs', {
    config: read,
    schema: { tags, operationId: 'listStripeReconciliationRuns', summary: 'Reconciliation runs, newest first', querystring: PageQuery, response: { 200: Page(ReconciliationRun) } },
  }, async (request) => await reconciliation.listRuns(request.ctx, request.query))

  app.get<{ Params: { runId: string } }>('/payments-stripe/reconciliation-runs/:runId', {
    config: read,
    schema: { tags, operationId: 'getStripeReconciliationRun', summary: 'One reconciliation run', params: RunParams, response: { 200: ReconciliationRun } },
  }, async (request) => await reconciliation.get(request.ctx, request.params.runId))

  app.get<{ Querystring: MismatchQuery }>('/payments-stripe/reconciliation-mismatches', {
    config: read,
    schema: { tags, operationId: 'listStripeReconciliationMismatches', summary: 'Mismatches found by reconciliation (missing on either side, amount differences)', querystring: MismatchQuery, response: { 200: Page(ReconciliationItem) } },
  }, async (request) => await reconciliation.listMismatches(request.ctx, request.query))
}
