import { useState } from 'react'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { ActionButton, DataTable, DateTime, Form, Loading, PageHeader, Pager, ProblemAlert, Section, TextField, useCursor } from '../ui/components.js'
import { RolesPicker } from '../ui/roles-picker.js'
import { useAction, useLoad } from '../ui/use-load.js'

export default function ApiKeysPage () {
  const paging = useCursor()
  const { data, error, loading, reload } = useLoad(async () => unwrap(await api.GET('/admin/api-keys', { params: { query: { limit: 50, ...(paging.cursor != null ? { cursor: paging.cursor } : {}) } } })), [paging.cursor])
  const [name, setName] = useState('')
  const [roles, setRoles] = useState<string[]>([])
  const [expires, setExpires] = useState('')
  const [secret, setSecret] = useState<string | null>(null)
  const create = useAction(async () => {
    const created = unwrap(await api.POST('/admin/api-keys', { body: { name: name.trim(), roles, ...(expires !== '' ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}) } }))
    setSecret(created.secret); setName(''); setRoles([]); setExpires(''); reload()
  })
  return (
    <>
      <PageHeader title='API keys' />
      <ProblemAlert problem={error} />
      {secret != null && (
        <div role='status' className='notice'>
          <p>The new key, shown once: copy it now.</p>
          <code className='secret'>{secret}</code>
          <p><button type='button' className='secondary' onClick={() => { void navigator.clipboard?.writeText(secret) }}>Copy key</button> <button type='button' className='secondary' onClick={() => setSecret(null)}>Done</button></p>
        </div>
      )}
      {loading && data == null ? <Loading /> : data != null && (
        <Section title='Keys'>
          <DataTable caption='API keys' rows={data.items} rowKey={(k) => k.id} empty='No API keys.' columns={[
            { label: 'Name', render: (k) => k.name },
            { label: 'Prefix', render: (k) => <code>{k.prefix}</code> },
            { label: 'Roles', render: (k) => k.roles.join(', ') },
            { label: 'Expires', render: (k) => <DateTime value={k.expiresAt} /> },
            { label: 'Last used', render: (k) => <DateTime value={k.lastUsedAt} /> },
            { label: 'State', render: (k) => k.revokedAt != null ? 'revoked' : 'active' },
            { label: 'Actions', render: (k) => k.revokedAt != null ? null : <ActionButton className='danger' label={`Revoke ${k.name}`} confirm={`Revoke the key ${k.name}? Clients using it stop working.`} run={async () => unwrap(await api.DELETE('/admin/api-keys/{apiKeyId}', { params: { path: { apiKeyId: k.id } } }))} onDone={reload} /> },
          ]} />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
        </Section>
      )}
      <Section title='New API key'>
        <Form onSubmit={create.perform} submitLabel='Create API key' pending={create.pending} problem={create.error}>
          <TextField label='Key name' value={name} onChange={setName} required />
          <RolesPicker legend='Roles' value={roles} onChange={setRoles} />
          <TextField label='Expires on' type='date' value={expires} onChange={setExpires} hint='Leave empty for no expiry' />
        </Form>
      </Section>
    </>
  )
}
