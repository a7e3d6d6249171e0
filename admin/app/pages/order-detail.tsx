// One order: lines, totals, payments (capture), fulfilments (fulfil some lines, ship with tracking,
// deliver), refunds, returns (request, receive, refund), notes, and its timeline.
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import type { paths } from '../api/schema.js'
import { useWorkspace } from '../extensions/context.js'
import { WidgetSlot } from '../extensions/widgets.js'
import { ActionButton, DataTable, DateTime, Form, KeyValues, Loading, Money, PageHeader, ProblemAlert, Section, SelectField, Status, TextArea, TextField } from '../ui/components.js'
import { formatMoney, toMinor } from '../ui/format.js'
import { useAction, useLoad } from '../ui/use-load.js'

type Order = paths['/admin/orders/{orderId}']['get']['responses'][200]['content']['application/json']
type Line = Order['lines'][number]

function LineQuantities ({ lines, max, values, onChange, verb }: { lines: Line[], max: (l: Line) => number, values: Record<string, string>, onChange: (v: Record<string, string>) => void, verb: string }) {
  return (
    <>
      {lines.filter((l) => max(l) > 0).map((l) => (
        <TextField key={l.id} label={`${verb} of ${l.title}${l.variantTitle != null && l.variantTitle !== '' ? ` (${l.variantTitle})` : ''}, up to ${max(l)}`} type='number' min={0} value={values[l.id] ?? ''} onChange={(v) => onChange({ ...values, [l.id]: v })} />
      ))}
    </>
  )
}

const pickLines = (values: Record<string, string>) => Object.entries(values).map(([lineId, q]) => ({ lineId, quantity: Number(q) })).filter((l) => Number.isInteger(l.quantity) && l.quantity > 0)

function Fulfil ({ order, reload }: { order: Order, reload: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({})
  const remaining = (l: Line) => l.requiresShipping ? l.quantity - l.fulfilledQuantity : 0
  const fulfil = useAction(async () => {
    const lines = pickLines(values)
    if (lines.length === 0) throw new Error('Enter a quantity for at least one line')
    unwrap(await api.POST('/admin/orders/{orderId}/fulfilments', { params: { path: { orderId: order.id } }, body: { lines } }))
    setValues({}); reload()
  })
  if (!order.lines.some((l) => remaining(l) > 0) || order.status === 'cancelled') return null
  return (
    <Form onSubmit={fulfil.perform} submitLabel='Fulfil these items' pending={fulfil.pending} problem={fulfil.error}>
      <LineQuantities lines={order.lines} max={remaining} values={values} onChange={setValues} verb='Quantity to fulfil' />
      <button type='button' className='secondary' onClick={() => setValues(Object.fromEntries(order.lines.filter((l) => remaining(l) > 0).map((l) => [l.id, String(remaining(l))])))}>Fill in everything left</button>
    </Form>
  )
}

function Ship ({ order, fulfilmentId, reload }: { order: Order, fulfilmentId: string, reload: () => void }) {
  const [carrier, setCarrier] = useState('')
  const [trackingNumber, setTrackingNumber] = useState('')
  const [trackingUrl, setTrackingUrl] = useState('')
  const ship = useAction(async () => {
    unwrap(await api.POST('/admin/orders/{orderId}/fulfilments/{fulfilmentId}/ship', { params: { path: { orderId: order.id, fulfilmentId } }, body: {
      ...(carrier.trim() !== '' ? { carrier: carrier.trim() } : {}),
      ...(trackingNumber.trim() !== '' ? { trackingNumber: trackingNumber.trim() } : {}),
      ...(trackingUrl.trim() !== '' ? { trackingUrl: trackingUrl.trim() } : {}),
    } }))
    reload()
  })
  return (
    <Form className='form inline' onSubmit={ship.perform} submitLabel='Mark as shipped' pending={ship.pending} problem={ship.error}>
      <TextField label='Carrier' value={carrier} onChange={setCarrier} />
      <TextField label='Tracking number' value={trackingNumber} onChange={setTrackingNumber} />
      <TextField label='Tracking URL' type='url' value={trackingUrl} onChange={setTrackingUrl} />
    </Form>
  )
}

function Fulfilments ({ order, reload }: { order: Order, reload: () => void }) {
  const title = (lineId: string) => order.lines.find((l) => l.id === lineId)?.title ?? lineId.slice(0, 8)
  return (
    <Section title='Fulfilment'>
      {order.fulfilments.length === 0 && <p className='empty'>Nothing fulfilled yet.</p>}
      {order.fulfilments.map((f, i) => (
        <div key={f.id} className='card'>
          <h3>Fulfilment {i + 1} <Status value={f.status} /></h3>
          <p>{f.lines.map((l) => `${l.quantity} × ${title(l.lineId)}`).join(', ')}</p>
          <KeyValues items={[
            ['Carrier', f.carrier ?? '—'],
            ['Tracking', f.trackingUrl != null ? <a href={f.trackingUrl} target='_blank' rel='noreferrer'>{f.trackingNumber ?? f.trackingUrl}</a> : (f.trackingNumber ?? '—')],
            ['Shipped', <DateTime key='s' value={f.shippedAt} />],
            ['Delivered', <DateTime key='d' value={f.deliveredAt} />],
          ]} />
          {f.shippedAt == null && <Ship order={order} fulfilmentId={f.id} reload={reload} />}
          {f.shippedAt != null && f.deliveredAt == null && (
            <ActionButton label='Mark as delivered' run={async () => unwrap(await api.POST('/admin/orders/{orderId}/fulfilments/{fulfilmentId}/deliver', { params: { path: { orderId: order.id, fulfilmentId: f.id } } }))} onDone={reload} />
          )}
        </div>
      ))}
      <h3>Fulfil items</h3>
      <Fulfil order={order} reload={reload} />
    </Section>
  )
}

function Payments ({ order, reload }: { order: Order, reload: () => void }) {
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const refundable = order.payments.reduce((s, p) => s + p.capturedAmount - p.refundedAmount, 0)
  const refund = useAction(async () => {
    const minor = toMinor(amount, order.currency)
    if (minor == null || minor <= 0) throw new Error('Enter the amount to refund')
    unwrap(await api.POST('/admin/orders/{orderId}/refunds', { params: { path: { orderId: order.id } }, body: { amount: minor, ...(reason.trim() !== '' ? { reason: reason.trim() } : {}) } }))
    setAmount(''); setReason(''); reload()
  })
  return (
    <Section title='Payments and refunds'>
      <DataTable caption='Payments' rows={order.payments} rowKey={(p) => p.id} empty='No payment.' columns={[
        { label: 'Provider', render: (p) => p.provider },
        { label: 'Status', render: (p) => <Status value={p.status} /> },
        { label: 'Authorized', render: (p) => <Money amount={p.authorizedAmount} currency={p.currency} /> },
        { label: 'Captured', render: (p) => <Money amount={p.capturedAmount} currency={p.currency} /> },
        { label: 'Refunded', render: (p) => <Money amount={p.refundedAmount} currency={p.currency} /> },
        { label: 'Actions', render: (p) => p.status === 'authorized'
          ? <ActionButton label='Capture payment' run={async () => unwrap(await api.POST('/admin/orders/{orderId}/payments/{paymentId}/capture', { params: { path: { orderId: order.id, paymentId: p.id } }, body: {} }))} onDone={reload} />
          : null },
      ]} />
      {order.refunds.length > 0 && <DataTable caption='Refunds' rows={order.refunds} rowKey={(r) => r.id} columns={[
        { label: 'Refund', render: (r) => <Money amount={r.amount} currency={order.currency} /> },
        { label: 'Status', render: (r) => <Status value={r.status} /> },
        { label: 'Reason', render: (r) => r.reason ?? '—' },
        { label: 'When', render: (r) => <DateTime value={r.createdAt} /> },
      ]} />}
      {refundable > 0 && (
        <>
          <h3>Refund</h3>
          <Form className='form inline' onSubmit={refund.perform} submitLabel='Refund' pending={refund.pending} problem={refund.error}>
            <TextField label={`Refund amount (${order.currency})`} inputMode='decimal' value={amount} onChange={setAmount} required hint={`Up to ${formatMoney(refundable, order.currency)}`} />
            <TextField label='Refund reason' value={reason} onChange={setReason} />
          </Form>
        </>
      )}
    </Section>
  )
}

function Returns ({ order, reload }: { order: Order, reload: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({})
  const [reason, setReason] = useState('')
  const returnable = (l: Line) => l.fulfilledQuantity - l.returnedQuantity
  const request = useAction(async () => {
    const lines = pickLines(values)
    if (lines.length === 0) throw new Error('Enter a quantity for at least one line')
    unwrap(await api.POST('/admin/orders/{orderId}/returns', { params: { path: { orderId: order.id } }, body: { lines, ...(reason.trim() !== '' ? { reason: reason.trim() } : {}) } }))
    setValues({}); setReason(''); reload()
  })
  const path = (returnId: string) => ({ params: { path: { orderId: order.id, returnId } } })
  return (
    <Section title='Returns'>
      <DataTable caption='Returns' rows={order.returns} rowKey={(r) => r.id} empty='No returns.' columns={[
        { label: 'Requested', render: (r) => <DateTime value={r.createdAt} /> },
        { label: 'Status', render: (r) => <Status value={r.status} /> },
        { label: 'Reason', render: (r) => r.reason ?? '—' },
        { label: 'Actions', render: (r) => (
          <span className='page-actions'>
            {r.receivedAt == null && r.status !== 'cancelled' && <ActionButton label='Receive and restock' run={async () => unwrap(await api.POST('/admin/orders/{orderId}/returns/{returnId}/receive', { ...path(r.id), body: {} }))} onDone={reload} />}
            {r.receivedAt != null && r.status !== 'refunded' && r.status !== 'cancelled' && <ActionButton label='Refund return' run={async () => unwrap(await api.POST('/admin/orders/{orderId}/returns/{returnId}/refund', { ...path(r.id), body: {} }))} onDone={reload} />}
            {r.receivedAt == null && r.status !== 'cancelled' && <ActionButton className='secondary' label='Cancel return' run={async () => unwrap(await api.POST('/admin/orders/{orderId}/returns/{returnId}/cancel', path(r.id)))} onDone={reload} />}
          </span>
        ) },
      ]} />
      {order.lines.some((l) => returnable(l) > 0) && (
        <>
          <h3>Request a return</h3>
          <Form onSubmit={request.perform} submitLabel='Request return' pending={request.pending} problem={request.error}>
            <LineQuantities lines={order.lines} max={returnable} values={values} onChange={setValues} verb='Quantity to return' />
            <TextField label='Return reason' value={reason} onChange={setReason} />
          </Form>
        </>
      )}
    </Section>
  )
}

function Notes ({ order, reload }: { order: Order, reload: () => void }) {
  const [body, setBody] = useState('')
  const [visibility, setVisibility] = useState<'internal' | 'customer'>('internal')
  const add = useAction(async () => {
    unwrap(await api.POST('/admin/orders/{orderId}/notes', { params: { path: { orderId: order.id } }, body: { body, visibility } }))
    setBody(''); reload()
  })
  return (
    <Section title='Timeline'>
      <Form onSubmit={add.perform} submitLabel='Add note' pending={add.pending} problem={add.error}>
        <TextArea label='Note' value={body} onChange={setBody} rows={3} required />
        <SelectField label='Visible to' value={visibility} onChange={(v) => setVisibility(v as 'internal' | 'customer')} options={[{ value: 'internal', label: 'Staff only' }, { value: 'customer', label: 'The customer too' }]} />
      </Form>
      <ol className='timeline'>
        {[...order.timeline].reverse().map((e) => (
          <li key={e.id}>
            <DateTime value={e.createdAt} />
            <span>{e.kind.replace(/[._]/g, ' ')}{e.from != null || e.to != null ? `: ${e.from ?? '—'} → ${e.to ?? '—'}` : ''}{e.reason != null ? ` (${e.reason})` : ''}</span>
            {e.body != null && <p>{e.body}{e.visibility === 'customer' ? ' (visible to the customer)' : ''}</p>}
          </li>
        ))}
      </ol>
    </Section>
  )
}

/** An order on hold (a checkout extension such as fraud, or staff): nothing ships or is captured until released. */
function Hold ({ order, reload }: { order: Order, reload: () => void }) {
  const workspace = useWorkspace()
  const [note, setNote] = useState('')
  const release = useAction(async () => {
    unwrap(await api.POST('/admin/orders/{orderId}/hold/release', { params: { path: { orderId: order.id } }, body: note.trim() !== '' ? { note: note.trim() } : {} }))
    reload()
  })
  if (order.hold == null) return null
  return (
    <div className='card hold'>
      <h2>On hold</h2>
      <p>{order.hold.reason} (placed by {order.hold.source}, <DateTime value={order.hold.heldAt} />). Fulfilment, shipping and capture wait until the hold is released.</p>
      {workspace.can('orders:release-hold') && (
        <Form className='form inline' onSubmit={release.perform} submitLabel='Release hold' pending={release.pending} problem={release.error}>
          <TextField label='Release note' value={note} onChange={setNote} />
        </Form>
      )}
    </div>
  )
}

export default function OrderDetailPage () {
  const { orderId = '' } = useParams()
  const workspace = useWorkspace()
  const { data: order, error, loading, reload } = useLoad(async () => unwrap(await api.GET('/admin/orders/{orderId}', { params: { path: { orderId } } })), [orderId])
  if (order == null) return <><PageHeader title='Order' />{loading ? <Loading /> : <ProblemAlert problem={error} />}</>
  const cancellable = order.status === 'pending' || order.status === 'confirmed' || order.status === 'paid'
  return (
    <>
      <PageHeader title={`Order ${order.number}`}>
        <Status value={order.status} />
        <Status value={order.paymentStatus} />
        {cancellable && <ActionButton className='danger' label='Cancel order' confirm='Cancel this order? Stock is released and authorized payments voided.' run={async () => unwrap(await api.POST('/admin/orders/{orderId}/cancel', { params: { path: { orderId } }, body: {} }))} onDone={reload} />}
      </PageHeader>
      <ProblemAlert problem={error} />
      <p><Link to='/orders'>All orders</Link></p>
      {order.hold != null && <Hold order={order} reload={reload} />}
      <div className='columns'>
        <div>
          <Section title='Items'>
            <DataTable caption='Items' rows={order.lines} rowKey={(l) => l.id} columns={[
              { label: 'Item', render: (l) => <>{l.title}{l.variantTitle != null && l.variantTitle !== '' && <><br /><small>{l.variantTitle}</small></>}</> },
              { label: 'SKU', render: (l) => l.sku ?? '—' },
              { label: 'Quantity', render: (l) => l.quantity },
              { label: 'Fulfilled', render: (l) => l.fulfilledQuantity },
              { label: 'Returned', render: (l) => l.returnedQuantity },
              { label: 'Total', render: (l) => <Money amount={l.totalAmount} currency={order.currency} /> },
            ]} />
            <KeyValues items={[
              ['Subtotal', <Money key='a' amount={order.totals.subtotal} currency={order.currency} />],
              ['Discount', <Money key='b' amount={order.totals.discount} currency={order.currency} />],
              ['Shipping', <Money key='c' amount={order.totals.shipping} currency={order.currency} />],
              ['Tax', <Money key='d' amount={order.totals.tax} currency={order.currency} />],
              ['Total', <Money key='e' amount={order.totals.total} currency={order.currency} />],
              ['Refunded', <Money key='f' amount={order.totals.refunded} currency={order.currency} />],
            ]} />
          </Section>
          <Fulfilments order={order} reload={reload} />
          <Payments order={order} reload={reload} />
          <Returns order={order} reload={reload} />
        </div>
        <div>
          <Section title='Customer'>
            <KeyValues items={[
              ['Email', order.email],
              ['Customer', order.customerId == null ? 'Guest' : workspace.has('customers') ? <Link to={`/customers/${order.customerId}`}>View customer</Link> : 'Registered'],
              ['Placed', <DateTime key='p' value={order.createdAt} />],
              ['Ships to', order.shippingAddress != null ? Object.values(order.shippingAddress).filter((v) => typeof v === 'string' && v !== '').join(', ') : '—'],
            ]} />
          </Section>
          <WidgetSlot slot='order.detail' recordId={order.id} />
          <Notes order={order} reload={reload} />
        </div>
      </div>
    </>
  )
}
