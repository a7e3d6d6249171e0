// Every plugin's runtime settings: an editor from each setting's JSON Schema, saved with the
// version read (a concurrent change is a 409 shown in words), and its change history.
import { useState } from 'react'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import type { paths } from '../api/schema.js'
import { CheckboxField, DataTable, DateTime, Form, Loading, PageHeader, ProblemAlert, Section, SelectField, TextArea, TextField } from '../ui/components.js'
import { useAction, useLoad } from '../ui/use-load.js'

type Setting = paths['/admin/settings']['get']['responses'][200]['content']['application/json']['items'][number]
interface JsonSchema { type?: string | string[], enum?: unknown[], const?: unknown, anyOf?: JsonSchema[], oneOf?: JsonSchema[], description?: string, title?: string }

/** The allowed values of an enum, or of a union of constants (how TypeBox writes literal unions). */
function choicesOf (schema: JsonSchema): string[] | null {
  if (schema.enum != null) return schema.enum.map(String)
  const branches = schema.anyOf ?? schema.oneOf
  if (branches != null && branches.length > 0 && branches.every((b) => typeof b.const === 'string')) return branches.map((b) => String(b.const))
  return null
}

function History ({ setting }: { setting: Setting }) {
  const { data, error, loading } = useLoad(async () => unwrap(await api.GET('/admin/settings/{plugin}/{name}/history', { params: { path: { plugin: setting.plugin, name: setting.name }, query: { limit: 20 } } })), [setting.key, setting.version])
  if (loading) return <Loading />
  return (
    <>
      <ProblemAlert problem={error} />
      <DataTable caption={`History of ${setting.key}`} rows={data?.items ?? []} rowKey={(h) => String(h.version)} empty='Never changed.' columns={[
        { label: 'Version', render: (h) => h.version },
        { label: 'When', render: (h) => <DateTime value={h.changedAt} /> },
        { label: 'By', render: (h) => h.actor != null ? `${h.actor.type} ${h.actor.id.slice(0, 8)}` : '—' },
        { label: 'From', render: (h) => <code>{JSON.stringify(h.oldValue)}</code> },
        { label: 'To', render: (h) => <code>{JSON.stringify(h.newValue)}</code> },
      ]} />
    </>
  )
}

function SettingEditor ({ setting, onSaved }: { setting: Setting, onSaved: () => void }) {
  const schema = (setting.schema ?? {}) as JsonSchema
  const choices = choicesOf(schema)
  const type = choices != null ? 'string' : Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  const [text, setText] = useState(type === 'string' && typeof setting.value === 'string' ? setting.value : JSON.stringify(setting.value, null, 2))
  const [flag, setFlag] = useState(setting.value === true)
  const [showHistory, setShowHistory] = useState(false)
  const label = schema.title ?? setting.key
  const save = useAction(async () => {
    let value: unknown
    if (type === 'boolean') value = flag
    else if (type === 'string') value = text
    else if (type === 'number' || type === 'integer') value = Number(text)
    else {
      try { value = JSON.parse(text) } catch { throw new Error(`${label}: not valid JSON`) }
    }
    unwrap(await api.PUT('/admin/settings/{plugin}/{name}', { params: { path: { plugin: setting.plugin, name: setting.name } }, body: { value, expectedVersion: setting.version } }))
    onSaved()
  })
  let input
  if (type === 'boolean') input = <CheckboxField label={label} checked={flag} onChange={setFlag} />
  else if (choices != null) input = <SelectField label={label} value={text} onChange={setText} options={choices} />
  else if (type === 'string') input = <TextField label={label} value={text} onChange={setText} hint={schema.description} />
  else if (type === 'number' || type === 'integer') input = <TextField label={label} type='number' value={text} onChange={setText} hint={schema.description} />
  else input = <TextArea label={`${label} (JSON)`} value={text} onChange={setText} rows={5} />
  return (
    <div className='card'>
      <Form onSubmit={save.perform} submitLabel={`Save ${setting.key}`} pending={save.pending} problem={save.error} done={save.done && 'Saved.'}>
        {input}
        {(type === 'boolean' || choices != null) && schema.description != null && <small>{schema.description}</small>}
        <small>Version {setting.version}{setting.updatedAt != null && <>, changed <DateTime value={setting.updatedAt} /></>}. Default: <code>{JSON.stringify(setting.default)}</code></small>
      </Form>
      <button type='button' className='secondary' aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>History of {setting.key}</button>
      {showHistory && <History setting={setting} />}
    </div>
  )
}

export default function SettingsPage () {
  const { data, error, loading, reload } = useLoad(async () => unwrap(await api.GET('/admin/settings')), [])
  const plugins = [...new Set((data?.items ?? []).map((s) => s.plugin))]
  return (
    <>
      <PageHeader title='Store settings' />
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : plugins.length === 0 ? <p className='empty'>No plugin declares runtime settings.</p> : plugins.map((plugin) => (
        <Section key={plugin} title={plugin}>
          {data!.items.filter((s) => s.plugin === plugin).map((s) => <SettingEditor key={`${s.key}:${s.version}`} setting={s} onSaved={reload} />)}
        </Section>
      ))}
    </>
  )
}
