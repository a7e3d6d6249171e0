// Shopify product CSV: upload (imported by a job), progress polled live, the rows it rejected; export.
import { useEffect, useId, useState } from 'react'
import { api } from '../api/client.js'
import { toProblem, unwrap, type Problem } from '../api/problem.js'
import type { paths } from '../api/schema.js'
import { ActionButton, DataTable, DateTime, Form, KeyValues, Loading, PageHeader, Pager, ProblemAlert, Section, Status, useCursor } from '../ui/components.js'
import { saveBlob } from '../ui/download.js'
import { useAction, useLoad } from '../ui/use-load.js'

type Import = paths['/admin/product-imports/{importId}']['get']['responses'][200]['content']['application/json']
const finished = (i: Import) => i.status === 'completed' || i.status === 'failed'

function ImportErrors ({ importId }: { importId: string }) {
  const paging = useCursor()
  const { data, error, loading } = useLoad(async () => unwrap(await api.GET('/admin/product-imports/{importId}/errors', { params: { path: { importId }, query: { limit: 50, ...(paging.cursor != null ? { cursor: paging.cursor } : {}) } } })), [importId, paging.cursor])
  if (loading && data == null) return <Loading />
  return (
    <>
      <ProblemAlert problem={error} />
      {data != null && <DataTable caption='Rejected rows' rows={data.items} rowKey={(e) => `${e.row}:${e.column ?? ''}:${e.reason}`} empty='No row was rejected.' columns={[
        { label: 'Row', render: (e) => e.row },
        { label: 'Column', render: (e) => e.column ?? '—' },
        { label: 'Reason', render: (e) => e.reason },
      ]} />}
      {data != null && <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />}
    </>
  )
}

function ImportProgress ({ initial }: { initial: Import }) {
  const [current, setCurrent] = useState(initial)
  const [problem, setProblem] = useState<Problem | null>(null)
  useEffect(() => {
    if (finished(current)) return
    const timer = setTimeout(() => {
      api.GET('/admin/product-imports/{importId}', { params: { path: { importId: current.id } } }).then(unwrap).then(setCurrent, (e: unknown) => setProblem(toProblem(e)))
    }, 700)
    return () => clearTimeout(timer)
  }, [current])
  const labelId = useId()
  return (
    <Section title={`Import ${current.filename ?? current.id.slice(0, 8)}`}>
      <p id={labelId}>Status: <Status value={current.status} /> {current.progress}% of the file read</p>
      <progress className='progress' max={100} value={current.progress} aria-labelledby={labelId} />
      <div role='status' aria-live='polite'>
        <KeyValues items={[
          ['Rows processed', current.rowsProcessed],
          ['Rows rejected', current.rowsFailed],
          ['Products created', current.productsCreated],
          ['Products updated', current.productsUpdated],
          ['Variants created', current.variantsCreated],
          ['Variants updated', current.variantsUpdated],
          ['Started', <DateTime key='s' value={current.startedAt} />],
          ['Finished', <DateTime key='f' value={current.finishedAt} />],
        ]} />
      </div>
      {current.error != null && <div role='alert' className='problem'>The import failed: {current.error}</div>}
      {problem != null && <ProblemAlert problem={problem} />}
      {finished(current) && <><h3>Rejected rows</h3><ImportErrors importId={current.id} /></>}
    </Section>
  )
}

export default function ProductImportPage () {
  const [file, setFile] = useState<File | null>(null)
  const [running, setRunning] = useState<Import | null>(null)
  const fileId = useId()
  const history = useLoad(async () => unwrap(await api.GET('/admin/product-imports', { params: { query: { limit: 10 } } })), [running?.id])
  const upload = useAction(async () => {
    if (file == null) throw new Error('Choose a CSV file first')
    const started = unwrap(await api.POST('/admin/product-imports', {
      params: { query: { filename: file.name } },
      body: file as never,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'content-type': 'text/csv' },
    }))
    setRunning(started)
  })
  return (
    <>
      <PageHeader title='Import and export products' />
      <Section title='Import a Shopify product CSV'>
        <Form onSubmit={upload.perform} submitLabel='Upload and import' pending={upload.pending} problem={upload.error}>
          <div className='field'>
            <label htmlFor={fileId}>CSV file</label>
            <input id={fileId} type='file' accept='.csv,text/csv' required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
        </Form>
      </Section>
      {running != null && <ImportProgress key={running.id} initial={running} />}
      <Section title='Export'>
        <p>Every product as a Shopify product CSV.</p>
        <ActionButton label='Export products CSV' run={async () => {
          const { data, error, response } = await api.GET('/admin/products/export.csv', { parseAs: 'blob' })
          if (error !== undefined || data == null) unwrap({ error, response })
          else saveBlob(data, 'products.csv')
        }} />
      </Section>
      <Section title='Recent imports'>
        <ProblemAlert problem={history.error} />
        {history.data != null && <DataTable caption='Recent imports' rows={history.data.items} rowKey={(i) => i.id} empty='No imports yet.' columns={[
          { label: 'File', render: (i) => <button type='button' className='secondary' onClick={() => setRunning(i)}>{i.filename ?? i.id.slice(0, 8)}</button> },
          { label: 'Status', render: (i) => <Status value={i.status} /> },
          { label: 'Rows', render: (i) => `${i.rowsProcessed} (${i.rowsFailed} rejected)` },
          { label: 'Created', render: (i) => <DateTime value={i.createdAt} /> },
        ]} />}
      </Section>
    </>
  )
}
