import { useState } from 'react'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { ActionButton, CheckboxField, DataTable, DateTime, Form, Loading, PageHeader, Pager, ProblemAlert, Section, TextField, useCursor } from '../ui/components.js'
import { RolesPicker } from '../ui/roles-picker.js'
import { useAction, useLoad } from '../ui/use-load.js'

type AdminUser = { id: string, email: string, roles: string[], disabled: boolean }

function EditUser ({ user, onDone }: { user: AdminUser, onDone: () => void }) {
  const [roles, setRoles] = useState(user.roles)
  const [disabled, setDisabled] = useState(user.disabled)
  const [password, setPassword] = useState('')
  const save = useAction(async () => {
    unwrap(await api.PATCH('/admin/admin-users/{adminUserId}', { params: { path: { adminUserId: user.id } }, body: { roles, disabled, ...(password !== '' ? { password } : {}) } }))
    onDone()
  })
  return (
    <Form onSubmit={save.perform} submitLabel={`Save ${user.email}`} pending={save.pending} problem={save.error}>
      <RolesPicker legend={`Roles of ${user.email}`} value={roles} onChange={setRoles} />
      <CheckboxField label='Disabled (cannot sign in)' checked={disabled} onChange={setDisabled} />
      <TextField label='New password' type='password' value={password} onChange={setPassword} hint='At least 12 characters; leave empty to keep it' autoComplete='new-password' />
    </Form>
  )
}

export default function AdminUsersPage () {
  const paging = useCursor()
  const [editing, setEditing] = useState<string | null>(null)
  const { data, error, loading, reload } = useLoad(async () => unwrap(await api.GET('/admin/admin-users', { params: { query: { limit: 50, ...(paging.cursor != null ? { cursor: paging.cursor } : {}) } } })), [paging.cursor])
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [roles, setRoles] = useState<string[]>([])
  const create = useAction(async () => {
    unwrap(await api.POST('/admin/admin-users', { body: { email: email.trim(), password, roles } }))
    setEmail(''); setPassword(''); setRoles([]); reload()
  })
  const user = data?.items.find((u) => u.id === editing)
  return (
    <>
      <PageHeader title='Admin users' />
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <Section title='Staff accounts'>
          <DataTable caption='Admin users' rows={data.items} rowKey={(u) => u.id} columns={[
            { label: 'Email', render: (u) => u.email },
            { label: 'Roles', render: (u) => u.roles.join(', ') || '—' },
            { label: 'State', render: (u) => u.disabled ? 'disabled' : 'active' },
            { label: 'Last sign-in', render: (u) => <DateTime value={u.lastLoginAt} /> },
            { label: 'Actions', render: (u) => (
              <span className='page-actions'>
                <button type='button' className='secondary' aria-expanded={editing === u.id} onClick={() => setEditing(editing === u.id ? null : u.id)}>Edit {u.email}</button>
                <ActionButton className='danger' label={`Delete ${u.email}`} confirm={`Delete the admin user ${u.email}?`} run={async () => unwrap(await api.DELETE('/admin/admin-users/{adminUserId}', { params: { path: { adminUserId: u.id } } }))} onDone={reload} />
              </span>
            ) },
          ]} />
          <Pager hasPrevious={paging.hasPrevious} nextCursor={data.nextCursor} onFirst={paging.first} onNext={paging.next} />
          {user != null && <div className='card'><h3>Edit {user.email}</h3><EditUser key={user.id} user={user} onDone={() => { setEditing(null); reload() }} /></div>}
        </Section>
      )}
      <Section title='New admin user'>
        <Form onSubmit={create.perform} submitLabel='Create admin user' pending={create.pending} problem={create.error} done={create.done && 'Created.'}>
          <TextField label='Email' type='email' value={email} onChange={setEmail} required autoComplete='off' />
          <TextField label='Password' type='password' value={password} onChange={setPassword} required hint='At least 12 characters' autoComplete='new-password' />
          <RolesPicker legend='Roles' value={roles} onChange={setRoles} />
        </Form>
      </Section>
    </>
  )
}
