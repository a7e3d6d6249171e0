import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { DataTable, DateTime, Loading, PageHeader, Pager, ProblemAlert, SelectField, Status, TextField, useCursor } from '../ui/components.js'
import { useDebounced, useLoad } from '../ui/use-load.js'

type ProductStatus = 'draft' | 'published' | 'archived'

export default function ProductsListPage () {
  const [q, setQ] = useState('')
  const [status, setStatus] = useState('')
  const paging = useCursor()
  const search = useDebounced(q)
  const { data, error, loading } = useLoad(async () => unwrap(await api.GET('/admin/products', {
    params: { query: { limit: 25, ...(search.trim() !== '' ? { q: search.trim() } : {}), ...(status !== '' ? { status: status as ProductStatus } : {}), ...(paging.cursor != null ? { cursor: paging.cursor } : {}) } },
  })), [search, status, paging.cursor])
  return (
    <>
      <PageHeader title='Products'>
        <Link className='button' to='/products/new'>New product</Link>
        <Link className='button secondary' to='/products/import'>Import and export</Link>
      </PageHeader>
      <div className='filters' role='search'>
        <TextField label='Search products' type='search' value={q} onChange={(v) => { setQ(v); paging.first() }} />
        <SelectField label='Status' value={status} onChange={(v) => { setStatus(v); paging.first() }} options={[{ value: '', label: 'Any status' }, 'draft', 'published', 'archived']} />
      </div>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <>
          <DataTable
            caption='Products'
            rows={data.items}
            rowKey={(p) => p.id}
            empty='No products match.'
            columns={[
              { label: 'Title', render: (p) => <Link to={`/products/${p.id}`}>{p.title}</Link> },
              { label: 'Status', render: (p) => <Status value={p.status} /> },
              { label: 'Vendor', render: (p) => p.vendor ?? '—' },
              { label: 'Type', render: (p) => p.productType ?? '—' },
              { label: 'Updated', render: (p) => <DateTime value={p.updatedAt} /> },
            ]}
          />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
        </>
      )}
    </>
  )
}
