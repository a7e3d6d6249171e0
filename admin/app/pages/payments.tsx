// Stripe's transaction ledger (filters, CSV), reconciliation runs against Stripe's balance
// transactions, and the mismatches they found.
import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import type { paths } from '../api/schema.js'
import { useWorkspace } from '../extensions/context.js'
import { ActionButton, DataTable, DateTime, Form, Loading, Money, PageHeader, Pager, ProblemAlert, Section, SelectField, Status, TextField, useCursor } from '../ui/components.js'
import { saveBlob } from '../ui/download.js'
import { useAction, useLoad } from '../ui/use-load.js'

type LedgerQuery = NonNullable<paths['/admin/payments-stripe/ledger-entries']['get']['parameters']['query']>
const isoDay = (d: string, end = false) => new Date(`${d}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString()

function Ledger () {
  const [kind, setKind] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const paging = useCursor()
  const query = (): LedgerQuery => ({
    ...(kind !== '' ? { kind: kind as LedgerQuery['kind'] } : {}),
    ...(from !== '' ? { from: isoDay(from) } : {}),
    ...(to !== '' ? { to: isoDay(to, true) } : {}),
  })
  const { data, error, loading } = useLoad(async () => unwrap(await api.GET('/admin/payments-stripe/ledger-entries', { params: { query: { ...query(), limit: 25, ...(paging.cursor != null ? { cursor: paging.cursor } : {}) } } })), [kind, from, to, paging.cursor])
  return (
    <Section title='Ledger' actions={<ActionButton className='secondary' label='Download ledger CSV' run={async () => {
      const { data: blob, error: problem, response } = await api.GET('/admin/payments-stripe/ledger-entries.csv', { params: { query: query() }, parseAs: 'blob' })
      if (blob == null || problem !== undefined) unwrap({ error: problem, response })
      else saveBlob(blob, 'stripe-ledger.csv')
    }} />}>
      <div className='filters'>
        <SelectField label='Kind' value={kind} onChange={(v) => { setKind(v); paging.first() }} options={[{ value: '', label: 'Every kind' }, 'authorization', 'capture', 'refund', 'dispute', 'fee']} />
        <TextField label='From' type='date' value={from} onChange={(v) => { setFrom(v); paging.first() }} />
        <TextField label='To' type='date' value={to} onChange={(v) => { setTo(v); paging.first() }} />
      </div>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <>
          <DataTable caption='Ledger entries' rows={data.items} rowKey={(e) => e.id} empty='No ledger entries: they appear as Stripe reports payments.' columns={[
            { label: 'When', render: (e) => <DateTime value={e.occurredAt} /> },
            { label: 'Kind', render: (e) => e.kind },
            { label: 'Status', render: (e) => <Status value={e.status} /> },
            { label: 'Amount', render: (e) => <Money amount={e.amount} currency={e.currency} /> },
            { label: 'Order', render: (e) => e.orderId != null ? <Link to={`/orders/${e.orderId}`}>View order</Link> : '—' },
            { label: 'Stripe object', render: (e) => <code>{e.gatewayObjectId}</code> },
          ]} />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
        </>
      )}
    </Section>
  )
}

function Reconciliation () {
  const workspace = useWorkspace()
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [runId, setRunId] = useState('')
  const runs = useLoad(async () => unwrap(await api.GET('/admin/payments-stripe/reconciliation-runs', { params: { query: { limit: 10 } } })), [])
  const mismatches = useLoad(async () => unwrap(await api.GET('/admin/payments-stripe/reconciliation-mismatches', { params: { query: { limit: 50, ...(runId !== '' ? { runId } : {}) } } })), [runId, runs.data])
  const start = useAction(async () => {
    unwrap(await api.POST('/admin/payments-stripe/reconciliation-runs', { body: { from: isoDay(from), to: isoDay(to, true) } }))
    runs.reload()
  })
  return (
    <Section title='Reconciliation'>
      {workspace.can('payments-stripe:write') && (
        <Form className='form inline' onSubmit={start.perform} submitLabel='Reconcile this period' pending={start.pending} problem={start.error}>
          <TextField label='Period start' type='date' value={from} onChange={setFrom} required />
          <TextField label='Period end' type='date' value={to} onChange={setTo} required />
        </Form>
      )}
      <ProblemAlert problem={runs.error} />
      {runs.data != null && <DataTable caption='Reconciliation runs' rows={runs.data.items} rowKey={(r) => r.id} empty='No reconciliation has run.' columns={[
        { label: 'Period', render: (r) => <><DateTime value={r.periodStart} /> – <DateTime value={r.periodEnd} /></> },
        { label: 'Status', render: (r) => <Status value={r.status} /> },
        { label: 'Matched', render: (r) => r.matchedCount },
        { label: 'Mismatches', render: (r) => <button type='button' className='secondary' onClick={() => setRunId(r.id)}>{r.mismatchCount} mismatches</button> },
        { label: 'Failure', render: (r) => r.failure ?? '—' },
      ]} />}
      <h3>Mismatches{runId !== '' && <> of one run <button type='button' className='secondary' onClick={() => setRunId('')}>Show every run</button></>}</h3>
      <ProblemAlert problem={mismatches.error} />
      {mismatches.data != null && <DataTable caption='Reconciliation mismatches' rows={mismatches.data.items.filter((m) => m.outcome !== 'matched')} rowKey={(m) => m.id} empty='No mismatches.' columns={[
        { label: 'Outcome', render: (m) => <Status value={m.outcome} /> },
        { label: 'Kind', render: (m) => m.kind },
        { label: 'Ledger', render: (m) => <Money amount={m.ledgerAmount} currency={m.currency} /> },
        { label: 'Stripe', render: (m) => <Money amount={m.stripeAmount} currency={m.currency} /> },
        { label: 'Order', render: (m) => m.orderId != null ? <Link to={`/orders/${m.orderId}`}>View order</Link> : '—' },
        { label: 'Stripe object', render: (m) => <code>{m.gatewayObjectId}</code> },
      ]} />}
    </Section>
  )
}

export default function PaymentsPage () {
  return (
    <>
      <PageHeader title='Payments' />
      <Ledger />
      <Reconciliation />
    </>
  )
}
