// Generic rendering of plugin-declared admin views: a table with cursor paging and filters, a
// detail, action forms, and a plugin's own ES module mounted into a host element.
import { useEffect, useRef, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { apiFetch } from '../api/client.js'
import { appBase } from '../base.js'
import { ApiError, toProblem, type Problem } from '../api/problem.js'
import { CheckboxField, DateTime, Form, KeyValues, Loading, Money, Pager, ProblemAlert, SelectField, Status, TextArea, TextField, useCursor } from '../ui/components.js'
import { formatDate, formatNumber } from '../ui/format.js'
import { useLoad } from '../ui/use-load.js'
import { useWorkspace } from './context.js'
import type { AdminAction, AdminDetailView, AdminField, AdminHost, AdminModuleView, AdminTableView, AdminView } from './types.js'

type Row = Record<string, unknown>

function at (row: unknown, path: string): unknown {
  let value: unknown = row
  for (const key of path.split('.')) {
    if (value == null || typeof value !== 'object') return undefined
    value = (value as Row)[key]
  }
  return value
}

const withId = (path: string, id: string | undefined) => id == null ? path : path.replace(/:id\b/g, encodeURIComponent(id))

async function getJson (path: string): Promise<unknown> {
  const res = await apiFetch(path)
  const body = await res.text()
  const parsed: unknown = body === '' ? null : JSON.parse(body)
  if (!res.ok) throw new ApiError(toProblem(parsed, res.status))
  return parsed
}

export function FieldValue ({ row, field }: { row: unknown, field: AdminField }) {
  const value = at(row, field.key)
  if (value == null) return <>—</>
  switch (field.format) {
    case 'money': return <Money amount={Number(value)} currency={field.currencyKey != null ? String(at(row, field.currencyKey) ?? '') : null} />
    case 'number': return <>{formatNumber(Number(value))}</>
    case 'date': return <time dateTime={String(value)}>{formatDate(String(value))}</time>
    case 'datetime': return <DateTime value={String(value)} />
    case 'status': return <Status value={String(value)} />
    case 'boolean': return <>{value === true ? 'Yes' : 'No'}</>
    case 'json':
      // A list of plain values (tags) reads better as a list than as JSON.
      if (Array.isArray(value) && value.every((v) => v == null || typeof v !== 'object')) return <>{value.length === 0 ? '—' : value.join(', ')}</>
      return <pre className='json'>{JSON.stringify(value, null, 2)}</pre>
    default: return <>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</>
  }
}

/** One declared action: a button (with its confirm), or a small form when it has fields. */
export function ActionForm ({ action, recordId, onDone }: { action: AdminAction, recordId?: string, onDone: () => void }) {
  const [values, setValues] = useState<Record<string, string | boolean>>({})
  const [pending, setPending] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [done, setDone] = useState(false)
  const set = (name: string, value: string | boolean) => setValues((v) => ({ ...v, [name]: value }))
  const submit = async () => {
    if (action.confirm != null && !window.confirm(action.confirm)) return
    setPending(true); setProblem(null); setDone(false)
    try {
      const body: Row = {}
      for (const field of action.fields ?? []) {
        const value = values[field.name]
        if (field.type === 'checkbox') body[field.name] = value === true
        else if (value != null && value !== '') body[field.name] = field.type === 'number' ? Number(value) : value
      }
      const res = await apiFetch(withId(action.path, recordId), { method: action.method, ...(action.method !== 'DELETE' || Object.keys(body).length > 0 ? { body: JSON.stringify(body) } : {}) })
      if (!res.ok) {
        const text = await res.text()
        throw new ApiError(toProblem(text !== '' ? JSON.parse(text) : null, res.status))
      }
      setDone(true)
      setValues({})
      onDone()
    } catch (error) {
      setProblem(toProblem(error))
    } finally {
      setPending(false)
    }
  }
  return (
    <div className='action-form'>
      {(action.fields ?? []).length > 0 && <h3>{action.label}</h3>}
      <Form onSubmit={submit} submitLabel={action.label} pending={pending} problem={problem} done={done && `${action.label}: done.`}>
        {(action.fields ?? []).map((field) => {
          const value = values[field.name]
          const text = typeof value === 'string' ? value : ''
          switch (field.type) {
            case 'textarea': return <TextArea key={field.name} label={field.label} value={text} onChange={(v) => set(field.name, v)} required={field.required} />
            case 'select': return <SelectField key={field.name} label={field.label} value={text} onChange={(v) => set(field.name, v)} options={['', ...(field.options ?? [])]} required={field.required} />
            case 'checkbox': return <CheckboxField key={field.name} label={field.label} checked={value === true} onChange={(v) => set(field.name, v)} />
            default: return <TextField key={field.name} label={field.label} type={field.type === 'number' ? 'number' : 'text'} value={text} onChange={(v) => set(field.name, v)} required={field.required} />
          }
        })}
      </Form>
    </div>
  )
}

function Actions ({ actions, recordId, onDone }: { actions: AdminAction[] | undefined, recordId?: string, onDone: () => void }) {
  const workspace = useWorkspace()
  const allowed = (actions ?? []).filter((a) => workspace.can(a.permission))
  if (allowed.length === 0) return null
  return <div className='actions'>{allowed.map((a) => <ActionForm key={`${a.method} ${a.path} ${a.label}`} action={a} recordId={recordId} onDone={onDone} />)}</div>
}

export function TableView ({ view, plugin, recordId, caption }: { view: AdminTableView, plugin: string, recordId?: string, caption: string }) {
  const [filters, setFilters] = useState<Record<string, string>>({})
  const paging = useCursor()
  const { data, error, loading, reload } = useLoad(async () => {
    const query = new URLSearchParams()
    for (const [k, v] of Object.entries(filters)) if (v !== '') query.set(k, v)
    if (paging.cursor != null) query.set('cursor', paging.cursor)
    const source = withId(view.source, recordId)
    const qs = query.toString()
    return await getJson(qs === '' ? source : `${source}${source.includes('?') ? '&' : '?'}${qs}`) as { items: Row[], nextCursor: string | null }
  }, [JSON.stringify(filters), paging.cursor, view.source, recordId])
  return (
    <div className='ext-table'>
      {view.filters != null && view.filters.length > 0 && (
        <div className='filters' role='search'>
          {view.filters.map((f) => f.options != null
            ? <SelectField key={f.param} label={f.label} value={filters[f.param] ?? ''} onChange={(v) => { setFilters((s) => ({ ...s, [f.param]: v })); paging.first() }} options={[{ value: '', label: 'Any' }, ...f.options]} />
            : <TextField key={f.param} label={f.label} value={filters[f.param] ?? ''} onChange={(v) => { setFilters((s) => ({ ...s, [f.param]: v })); paging.first() }} />)}
        </div>
      )}
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (data.items.length === 0 ? <p className='empty'>Nothing here yet.</p> : (
        <div className='table-wrap' tabIndex={0} role='region' aria-label={caption}>
          <table>
            <caption className='visually-hidden'>{caption}</caption>
            <thead><tr>{view.columns.map((c) => <th key={c.key} scope='col'>{c.label}</th>)}</tr></thead>
            <tbody>
              {data.items.map((row, i) => (
                <tr key={String(row.id ?? i)}>
                  {view.columns.map((c, ci) => (
                    <td key={c.key} data-label={c.label}>
                      {ci === 0 && view.rowLink != null && row.id != null
                        ? <Link to={`/x/${plugin}/${view.rowLink}/${encodeURIComponent(String(row.id))}`}><FieldValue row={row} field={c} /></Link>
                        : <FieldValue row={row} field={c} />}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {data != null && <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />}
      <Actions actions={view.actions} recordId={recordId} onDone={reload} />
    </div>
  )
}

export function DetailView ({ view, recordId }: { view: AdminDetailView, recordId?: string }) {
  const { data, error, loading, reload } = useLoad(async () => await getJson(withId(view.source, recordId)), [view.source, recordId])
  return (
    <div className='ext-detail'>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && <KeyValues items={view.fields.map((f) => [f.label, <FieldValue key={f.key} row={data} field={f} />])} />}
      <Actions actions={view.actions} recordId={recordId} onDone={reload} />
    </div>
  )
}

/** Loads the plugin's module from /app/plugins/<plugin>/<file> and calls its mount(el, host). */
export function ModuleView ({ view, plugin, recordId }: { view: AdminModuleView, plugin: string, recordId?: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const navigate = useNavigate()
  const [problem, setProblem] = useState<Problem | null>(null)
  useEffect(() => {
    const el = ref.current
    if (el == null) return
    let unmount: (() => void) | undefined
    let live = true
    const url = `${appBase}/plugins/${encodeURIComponent(plugin)}/${view.module.replace(/^\.?\//, '')}`
    const host: AdminHost = { apiFetch, navigate: (to) => { void navigate(to) }, ...(recordId != null ? { recordId } : {}) }
    import(/* @vite-ignore */ url).then((mod: { mount?: (el: HTMLElement, host: AdminHost) => () => void }) => {
      if (!live) return
      if (typeof mod.mount !== 'function') throw new Error(`${url} exports no mount(el, host) function`)
      unmount = mod.mount(el, host)
    }).catch((error: unknown) => { if (live) setProblem({ title: 'The plugin page failed to load', detail: error instanceof Error ? error.message : String(error) }) })
    return () => { live = false; unmount?.() }
  }, [plugin, view.module, recordId, navigate])
  return <><ProblemAlert problem={problem} /><div ref={ref} className='ext-module' /></>
}

export function ExtensionView ({ view, plugin, recordId, caption }: { view: AdminView, plugin: string, recordId?: string, caption: string }) {
  switch (view.kind) {
    case 'table': return <TableView view={view} plugin={plugin} recordId={recordId} caption={caption} />
    case 'detail': return <DetailView view={view} recordId={recordId} />
    case 'module': return <ModuleView view={view} plugin={plugin} recordId={recordId} />
  }
}
