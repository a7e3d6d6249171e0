import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { CheckboxField } from './components.js'
import { useLoad } from './use-load.js'

/** Checkboxes for the store's roles (GET /admin/roles), for admin users and API keys. */
export function RolesPicker ({ legend, value, onChange }: { legend: string, value: string[], onChange: (roles: string[]) => void }) {
  const { data } = useLoad(async () => unwrap(await api.GET('/admin/roles', { params: { query: { limit: 100 } } })).items, [])
  return (
    <fieldset>
      <legend>{legend}</legend>
      {(data ?? []).map((role) => (
        <CheckboxField key={role.id} label={role.name} checked={value.includes(role.name)} onChange={(on) => onChange(on ? [...value, role.name] : value.filter((r) => r !== role.name))} />
      ))}
    </fieldset>
  )
}
