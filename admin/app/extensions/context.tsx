// What the signed-in admin may see: their permissions (GET /admin/auth/me) and the installed plugins
// with their admin extensions (GET /admin/dashboard/extensions), loaded once per session.
import { createContext, useContext, type ReactNode } from 'react'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { Loading, ProblemAlert } from '../ui/components.js'
import { useLoad } from '../ui/use-load.js'
import type { ExtensionsAnswer } from './types.js'

export interface Workspace {
  email: string | null
  permissions: string[]
  /** Loaded plugin names; null when the extensions endpoint is absent (every core page then shows). */
  installed: string[] | null
  plugins: ExtensionsAnswer['plugins']
  can: (permission: string | undefined) => boolean
  has: (plugin: string) => boolean
}

const WorkspaceContext = createContext<Workspace | null>(null)

export function grants (held: readonly string[], needed: string | undefined): boolean {
  if (needed == null || held.includes('*') || held.includes(needed)) return true
  const colon = needed.indexOf(':')
  return colon > 0 && held.includes(`${needed.slice(0, colon)}:*`)
}

async function loadWorkspace (): Promise<Workspace> {
  const [me, extensions] = await Promise.all([
    api.GET('/admin/auth/me').then(unwrap),
    // Absent (404) when the store runs without the admin plugin's routes: every core page then shows.
    api.GET('/admin/dashboard/extensions').then(({ data }): ExtensionsAnswer | null => data ?? null, () => null),
  ])
  const permissions = me.permissions
  const installed = extensions?.installed ?? null
  return {
    email: me.adminUser?.email ?? me.apiKey?.name ?? null,
    permissions,
    installed,
    plugins: extensions?.plugins ?? [],
    can: (permission) => grants(permissions, permission),
    has: (plugin) => installed == null || installed.includes(plugin),
  }
}

export function WorkspaceProvider ({ children }: { children: ReactNode }) {
  const { data, error, loading } = useLoad(loadWorkspace, [])
  if (error != null) return <main className='centered'><h1>Comptoir admin</h1><ProblemAlert problem={error} /></main>
  if (data == null || loading) return <main className='centered'><h1>Comptoir admin</h1><Loading /></main>
  return <WorkspaceContext.Provider value={data}>{children}</WorkspaceContext.Provider>
}

export function useWorkspace (): Workspace {
  const workspace = useContext(WorkspaceContext)
  if (workspace == null) throw new Error('useWorkspace outside WorkspaceProvider')
  return workspace
}
