import { useEffect, useId, useState, type ReactNode, type FormEvent } from 'react'
import { problemText, toProblem, type Problem } from '../api/problem.js'
import { formatDateTime, formatMoney } from './format.js'

export function PageHeader ({ title, children }: { title: string, children?: ReactNode }) {
  useEffect(() => { document.title = `${title} · Comptoir admin` }, [title])
  return (
    <header className='page-header'>
      <h1>{title}</h1>
      {children != null && <div className='page-actions'>{children}</div>}
    </header>
  )
}

export function Section ({ title, children, actions }: { title: string, children: ReactNode, actions?: ReactNode }) {
  const id = useId()
  return (
    <section className='card' aria-labelledby={id}>
      <div className='card-head'><h2 id={id}>{title}</h2>{actions}</div>
      {children}
    </section>
  )
}

export function ProblemAlert ({ problem }: { problem: Problem | null | undefined }) {
  if (problem == null) return null
  return (
    <div role='alert' className='problem'>
      <strong>{problem.title ?? 'Something went wrong'}</strong>
      {problem.detail != null && problem.detail !== '' && <span>: {problem.detail}</span>}
      {problem.errors != null && problem.errors.length > 0 && (
        <ul>{problem.errors.map((e, i) => <li key={i}>{e.pointer != null ? `${e.pointer.split('/').pop() ?? ''}: ` : ''}{e.detail}</li>)}</ul>
      )}
    </div>
  )
}

export function Loading ({ label = 'Loading…' }: { label?: string }) {
  return <p role='status' className='loading'>{label}</p>
}

export function Notice ({ children }: { children: ReactNode }) {
  return <p role='status' className='notice'>{children}</p>
}

export function Empty ({ children }: { children: ReactNode }) {
  return <p className='empty'>{children}</p>
}

type InputProps = {
  label: string
  value: string
  onChange: (value: string) => void
  type?: 'text' | 'number' | 'email' | 'password' | 'url' | 'date' | 'datetime-local' | 'search'
  required?: boolean
  placeholder?: string
  hint?: string
  autoComplete?: string
  min?: number
  step?: string
  inputMode?: 'decimal' | 'numeric' | 'text'
}

export function TextField ({ label, value, onChange, type = 'text', hint, ...rest }: InputProps) {
  const id = useId()
  return (
    <div className='field'>
      <label htmlFor={id}>{label}{rest.required === true && <span aria-hidden='true'> *</span>}</label>
      <input id={id} type={type} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint != null ? `${id}-hint` : undefined} {...rest} />
      {hint != null && <small id={`${id}-hint`}>{hint}</small>}
    </div>
  )
}

export function TextArea ({ label, value, onChange, rows = 4, required }: { label: string, value: string, onChange: (v: string) => void, rows?: number, required?: boolean }) {
  const id = useId()
  return (
    <div className='field'>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} value={value} rows={rows} required={required} onChange={(e) => onChange(e.target.value)} />
    </div>
  )
}

export function SelectField ({ label, value, onChange, options, required }: { label: string, value: string, onChange: (v: string) => void, options: Array<string | { value: string, label: string }>, required?: boolean }) {
  const id = useId()
  return (
    <div className='field'>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} required={required} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => typeof o === 'string' ? <option key={o} value={o}>{o === '' ? '—' : o}</option> : <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  )
}

export function CheckboxField ({ label, checked, onChange }: { label: string, checked: boolean, onChange: (v: boolean) => void }) {
  const id = useId()
  return (
    <div className='field checkbox'>
      <input id={id} type='checkbox' checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}

/** A form with a submit button, its pending state and the problem it got back. */
export function Form ({ onSubmit, submitLabel, pending, problem, children, done, className }: {
  onSubmit: () => unknown
  submitLabel: string
  pending?: boolean
  problem?: Problem | null
  done?: string | false
  children: ReactNode
  className?: string
}) {
  const submit = (e: FormEvent) => { e.preventDefault(); void onSubmit() }
  return (
    <form onSubmit={submit} className={className ?? 'form'}>
      {children}
      <ProblemAlert problem={problem} />
      {done != null && done !== false && <Notice>{done}</Notice>}
      <div className='form-actions'><button type='submit' disabled={pending}>{pending === true ? 'Working…' : submitLabel}</button></div>
    </form>
  )
}

export interface Column<T> { label: string, render: (row: T) => ReactNode, className?: string }

export function DataTable<T> ({ caption, columns, rows, rowKey, empty = 'Nothing here yet.' }: { caption: string, columns: Array<Column<T>>, rows: T[], rowKey: (row: T) => string, empty?: string }) {
  if (rows.length === 0) return <Empty>{empty}</Empty>
  return (
    <div className='table-wrap' tabIndex={0} role='region' aria-label={caption}>
      <table>
        <caption className='visually-hidden'>{caption}</caption>
        <thead><tr>{columns.map((c) => <th key={c.label} scope='col' className={c.className}>{c.label}</th>)}</tr></thead>
        <tbody>{rows.map((row) => <tr key={rowKey(row)}>{columns.map((c) => <td key={c.label} className={c.className} data-label={c.label}>{c.render(row)}</td>)}</tr>)}</tbody>
      </table>
    </div>
  )
}

export function Pager ({ hasPrevious, nextCursor, onFirst, onNext }: { hasPrevious: boolean, nextCursor: string | null | undefined, onFirst: () => void, onNext: (cursor: string) => void }) {
  if (!hasPrevious && nextCursor == null) return null
  return (
    <nav className='pager' aria-label='Pages'>
      <button type='button' onClick={onFirst} disabled={!hasPrevious}>First page</button>
      <button type='button' onClick={() => { if (nextCursor != null) onNext(nextCursor) }} disabled={nextCursor == null}>Next page</button>
    </nav>
  )
}

/** Cursor paging state: the current cursor and whether there are earlier pages. */
export function useCursor () {
  const [stack, setStack] = useState<string[]>([])
  return {
    cursor: stack.at(-1),
    hasPrevious: stack.length > 0,
    first: () => setStack([]),
    next: (cursor: string) => setStack((s) => [...s, cursor]),
  }
}

export function Status ({ value }: { value: string | null | undefined }) {
  if (value == null) return <>—</>
  return <span className={`status status-${value.replace(/[^a-z0-9_-]/gi, '')}`}>{value.replace(/_/g, ' ')}</span>
}

export function Money ({ amount, currency }: { amount: number | null | undefined, currency: string | null | undefined }) {
  return <span className='money'>{formatMoney(amount, currency)}</span>
}

export function DateTime ({ value }: { value: string | null | undefined }) {
  return value == null ? <>—</> : <time dateTime={value}>{formatDateTime(value)}</time>
}

/** A button that runs an action (after a confirm when asked) and shows its problem. */
export function ActionButton ({ label, accessibleName, run, confirm, onDone, className }: { label: string, accessibleName?: string, run: () => Promise<unknown>, confirm?: string, onDone?: () => void, className?: string }) {
  const [pending, setPending] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(null)
  const click = async () => {
    if (confirm != null && !window.confirm(confirm)) return
    setPending(true); setProblem(null)
    try {
      await run()
      onDone?.()
    } catch (error) {
      setProblem(toProblem(error))
    } finally {
      setPending(false)
    }
  }
  return (
    <span className='action'>
      <button type='button' className={className} aria-label={accessibleName} onClick={() => { void click() }} disabled={pending}>{pending ? 'Working…' : label}</button>
      {problem != null && <span role='alert' className='problem inline'>{problemText(problem)}</span>}
    </span>
  )
}

export function KeyValues ({ items }: { items: Array<[string, ReactNode]> }) {
  return <dl className='kv'>{items.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}</dl>
}
