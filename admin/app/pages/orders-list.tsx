import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import type { paths } from '../api/schema.js'
import { DataTable, DateTime, Loading, Money, PageHeader, Pager, ProblemAlert, SelectField, Status, TextField, useCursor } from '../ui/components.js'
import { useDebounced, useLoad } from '../ui/use-load.js'

type Query = NonNullable<paths['/admin/orders']['get']['parameters']['query']>
const statuses: Array<NonNullable<Query['status']>> = ['pending', 'confirmed', 'paid', 'partially_fulfilled', 'fulfilled', 'shipped', 'delivered', 'cancelled']
const paymentStatuses: Array<NonNullable<Query['paymentStatus']>> = ['pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'failed', 'canceled']

export default function OrdersListPage () {
  const [status, setStatus] = useState('')
  const [paymentStatus, setPaymentStatus] = useState('')
  const [email, setEmail] = useState('')
  const [number, setNumber] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const paging = useCursor()
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); paging.first() }
  const emailTyped = useDebounced(email)
  const numberTyped = useDebounced(number)
  const { data, error, loading } = useLoad(async () => {
    const query: Query = { limit: 25 }
    const [email, number] = [emailTyped, numberTyped]
    if (status !== '') query.status = status as Query['status']
    if (paymentStatus !== '') query.paymentStatus = paymentStatus as Query['paymentStatus']
    if (email.trim() !== '') query.email = email.trim()
    const digits = number.replace(/\D/g, '')
    if (digits !== '') query.number = Number(digits)
    if (from !== '') query.createdFrom = new Date(`${from}T00:00:00`).toISOString()
    if (to !== '') query.createdTo = new Date(`${to}T23:59:59.999`).toISOString()
    if (paging.cursor != null) query.cursor = paging.cursor
    return unwrap(await api.GET('/admin/orders', { params: { query } }))
  }, [status, paymentStatus, emailTyped, numberTyped, from, to, paging.cursor])
  return (
    <>
      <PageHeader title='Orders' />
      <div className='filters' role='search'>
        <TextField label='Order number' value={number} onChange={reset(setNumber)} />
        <TextField label='Customer email' value={email} onChange={reset(setEmail)} />
        <SelectField label='Status' value={status} onChange={reset(setStatus)} options={[{ value: '', label: 'Any status' }, ...statuses]} />
        <SelectField label='Payment' value={paymentStatus} onChange={reset(setPaymentStatus)} options={[{ value: '', label: 'Any payment' }, ...paymentStatuses]} />
        <TextField label='Placed from' type='date' value={from} onChange={reset(setFrom)} />
        <TextField label='Placed until' type='date' value={to} onChange={reset(setTo)} />
      </div>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <>
          <DataTable caption='Orders' rows={data.items} rowKey={(o) => o.id} empty='No orders match.' columns={[
            { label: 'Order', render: (o) => <Link to={`/orders/${o.id}`}>{o.number}</Link> },
            { label: 'Placed', render: (o) => <DateTime value={o.createdAt} /> },
            { label: 'Customer', render: (o) => o.email },
            { label: 'Status', render: (o) => <Status value={o.status} /> },
            { label: 'Payment', render: (o) => <Status value={o.paymentStatus} /> },
            { label: 'Total', render: (o) => <Money amount={o.totals.total} currency={o.currency} /> },
          ]} />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
        </>
      )}
    </>
  )
}
