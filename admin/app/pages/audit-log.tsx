import { useState } from 'react'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import type { paths } from '../api/schema.js'
import { DataTable, DateTime, Loading, PageHeader, Pager, ProblemAlert, SelectField, TextField, useCursor } from '../ui/components.js'
import { useDebounced, useLoad } from '../ui/use-load.js'

type Query = NonNullable<paths['/admin/audit-log']['get']['parameters']['query']>

export default function AuditLogPage () {
  const [action, setAction] = useState('')
  const [targetType, setTargetType] = useState('')
  const [targetId, setTargetId] = useState('')
  const [actorType, setActorType] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const paging = useCursor()
  const reset = (set: (v: string) => void) => (v: string) => { set(v); paging.first() }
  const actionTyped = useDebounced(action)
  const targetTypeTyped = useDebounced(targetType)
  const targetIdTyped = useDebounced(targetId)
  const { data, error, loading } = useLoad(async () => {
    const query: Query = { limit: 50 }
    const [action, targetType, targetId] = [actionTyped, targetTypeTyped, targetIdTyped]
    if (action.trim() !== '') query.action = action.trim()
    if (targetType.trim() !== '') query.targetType = targetType.trim()
    if (targetId.trim() !== '') query.targetId = targetId.trim()
    if (actorType !== '') query.actorType = actorType as Query['actorType']
    if (from !== '') query.from = new Date(`${from}T00:00:00`).toISOString()
    if (to !== '') query.to = new Date(`${to}T23:59:59.999`).toISOString()
    if (paging.cursor != null) query.cursor = paging.cursor
    return unwrap(await api.GET('/admin/audit-log', { params: { query } }))
  }, [actionTyped, targetTypeTyped, targetIdTyped, actorType, from, to, paging.cursor])
  return (
    <>
      <PageHeader title='Audit log' />
      <div className='filters' role='search'>
        <TextField label='Action' value={action} onChange={reset(setAction)} hint='e.g. updateCatalogProduct' />
        <TextField label='Target type' value={targetType} onChange={reset(setTargetType)} />
        <TextField label='Target id' value={targetId} onChange={reset(setTargetId)} />
        <SelectField label='Actor' value={actorType} onChange={reset(setActorType)} options={[{ value: '', label: 'Anyone' }, 'admin', 'api-key', 'customer', 'system']} />
        <TextField label='From' type='date' value={from} onChange={reset(setFrom)} />
        <TextField label='To' type='date' value={to} onChange={reset(setTo)} />
      </div>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <>
          <DataTable caption='Audit log' rows={data.items} rowKey={(e) => e.id} empty='No entries match.' columns={[
            { label: 'When', render: (e) => <DateTime value={e.occurredAt} /> },
            { label: 'Actor', render: (e) => e.actor != null ? `${e.actor.type} ${e.actor.id.slice(0, 8)}` : '—' },
            { label: 'Action', render: (e) => <code>{e.action}</code> },
            { label: 'Target', render: (e) => e.targetType != null ? `${e.targetType} ${e.targetId?.slice(0, 8) ?? ''}` : '—' },
            { label: 'Change', render: (e) => (e.before != null || e.after != null) ? (
              <details><summary>Details</summary><pre className='json'>{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre></details>
            ) : '—' },
          ]} />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
        </>
      )}
    </>
  )
}
