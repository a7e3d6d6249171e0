import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import type { paths } from '../api/schema.js'
import { DataTable, DateTime, Loading, PageHeader, Pager, ProblemAlert, SelectField, Status, TextField, useCursor } from '../ui/components.js'
import { useDebounced, useLoad } from '../ui/use-load.js'

type Query = NonNullable<paths['/admin/customers']['get']['parameters']['query']>

export default function CustomersListPage () {
  const [q, setQ] = useState('')
  const [status, setStatus] = useState('')
  const [consent, setConsent] = useState('')
  const paging = useCursor()
  const search = useDebounced(q)
  const { data, error, loading } = useLoad(async () => {
    const query: Query = { limit: 25 }
    if (search.trim() !== '') query.q = search.trim()
    if (status !== '') query.status = status as Query['status']
    if (consent !== '') query.consent = consent as Query['consent']
    if (paging.cursor != null) query.cursor = paging.cursor
    return unwrap(await api.GET('/admin/customers', { params: { query } }))
  }, [search, status, consent, paging.cursor])
  return (
    <>
      <PageHeader title='Customers' />
      <div className='filters' role='search'>
        <TextField label='Search customers' type='search' value={q} onChange={(v) => { setQ(v); paging.first() }} hint='Name, email or phone' />
        <SelectField label='Status' value={status} onChange={(v) => { setStatus(v); paging.first() }} options={[{ value: '', label: 'Any status' }, 'active', 'disabled', 'erased']} />
        <SelectField label='Consented to' value={consent} onChange={(v) => { setConsent(v); paging.first() }} options={[{ value: '', label: 'Anything' }, 'marketing_email', 'sms', 'profiling', 'analytics']} />
      </div>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <>
          <DataTable caption='Customers' rows={data.items} rowKey={(c) => c.id} empty='No customers match.' columns={[
            { label: 'Email', render: (c) => <Link to={`/customers/${c.id}`}>{c.email}</Link> },
            { label: 'Name', render: (c) => [c.firstName, c.lastName].filter((s) => s != null).join(' ') || '—' },
            { label: 'Status', render: (c) => <Status value={c.status} /> },
            { label: 'Since', render: (c) => <DateTime value={c.createdAt} /> },
          ]} />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
        </>
      )}
    </>
  )
}
