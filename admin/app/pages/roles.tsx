import { useState } from 'react'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { ActionButton, CheckboxField, DataTable, Form, Loading, PageHeader, ProblemAlert, Section, TextField } from '../ui/components.js'
import { useAction, useLoad } from '../ui/use-load.js'

type Role = { id: string, name: string, description: string | null, permissions: string[], builtIn: boolean }

function PermissionsPicker ({ known, value, onChange, legend }: { known: string[], value: string[], onChange: (v: string[]) => void, legend: string }) {
  return (
    <fieldset className='permissions'>
      <legend>{legend}</legend>
      {['*', ...known].map((p) => <CheckboxField key={p} label={p === '*' ? 'Everything (*)' : p} checked={value.includes(p)} onChange={(on) => onChange(on ? [...value, p] : value.filter((x) => x !== p))} />)}
    </fieldset>
  )
}

function RoleForm ({ role, known, onDone }: { role?: Role, known: string[], onDone: () => void }) {
  const [name, setName] = useState(role?.name ?? '')
  const [description, setDescription] = useState(role?.description ?? '')
  const [permissions, setPermissions] = useState(role?.permissions ?? [])
  const save = useAction(async () => {
    const body = { name: name.trim(), description: description.trim() === '' ? null : description.trim(), permissions }
    if (role == null) unwrap(await api.POST('/admin/roles', { body }))
    else unwrap(await api.PATCH('/admin/roles/{roleId}', { params: { path: { roleId: role.id } }, body }))
    if (role == null) { setName(''); setDescription(''); setPermissions([]) }
    onDone()
  })
  return (
    <Form onSubmit={save.perform} submitLabel={role == null ? 'Create role' : `Save role ${role.name}`} pending={save.pending} problem={save.error}>
      <TextField label='Role name' value={name} onChange={setName} required hint='Lowercase letters, digits, - and _' />
      <TextField label='Description' value={description} onChange={setDescription} />
      <PermissionsPicker legend='Permissions' known={known} value={permissions} onChange={setPermissions} />
    </Form>
  )
}

export default function RolesPage () {
  const { data, error, loading, reload } = useLoad(async () => {
    const [roles, permissions] = await Promise.all([
      api.GET('/admin/roles', { params: { query: { limit: 100 } } }).then(unwrap),
      api.GET('/admin/permissions').then(unwrap),
    ])
    return { roles: roles.items, known: permissions.items }
  }, [])
  const [editing, setEditing] = useState<string | null>(null)
  const role = data?.roles.find((r) => r.id === editing)
  return (
    <>
      <PageHeader title='Roles' />
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data != null && (
        <>
          <Section title='Roles and their permissions'>
            <DataTable caption='Roles' rows={data.roles} rowKey={(r) => r.id} columns={[
              { label: 'Role', render: (r) => <>{r.name}{r.builtIn && ' (built in)'}</> },
              { label: 'Description', render: (r) => r.description ?? '—' },
              { label: 'Permissions', render: (r) => r.permissions.join(', ') },
              { label: 'Actions', render: (r) => r.builtIn ? null : (
                <span className='page-actions'>
                  <button type='button' className='secondary' aria-expanded={editing === r.id} onClick={() => setEditing(editing === r.id ? null : r.id)}>Edit role {r.name}</button>
                  <ActionButton className='danger' label={`Delete role ${r.name}`} confirm={`Delete the role ${r.name}?`} run={async () => unwrap(await api.DELETE('/admin/roles/{roleId}', { params: { path: { roleId: r.id } } }))} onDone={reload} />
                </span>
              ) },
            ]} />
            {role != null && <div className='card'><h3>Edit role {role.name}</h3><RoleForm key={role.id} role={role} known={data.known} onDone={() => { setEditing(null); reload() }} /></div>}
          </Section>
          <Section title='New role'><RoleForm known={data.known} onDone={reload} /></Section>
        </>
      )}
    </>
  )
}
