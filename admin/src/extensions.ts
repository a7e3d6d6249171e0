import type { AdminAction, AdminExtension, AdminView, LoadedPlugin } from '@comptoir/core'
import type { AdminExtensions } from './schemas.js'

/** Same rule as the kernel's guard: `*` grants all, `<plugin>:*` all of a plugin, else an exact match. */
export function holds (held: readonly string[], needed: string | undefined): boolean {
  if (needed == null || held.includes('*') || held.includes(needed)) return true
  const colon = needed.indexOf(':')
  return colon > 0 && held.includes(`${needed.slice(0, colon)}:*`)
}

function actionsFor (actions: AdminAction[] | undefined, held: readonly string[]): { actions?: AdminAction[] } {
  if (actions == null) return {}
  return { actions: actions.filter((a) => holds(held, a.permission)) }
}

function viewFor (view: AdminView, held: readonly string[]): AdminView {
  if (view.kind === 'module') return view
  return { ...view, ...actionsFor(view.actions, held) }
}

/** A manifest's admin section as the caller may see it: what needs a permission they lack is gone. */
export function adminFor (admin: AdminExtension, held: readonly string[]): AdminExtension {
  const pages = (admin.pages ?? []).filter((p) => holds(held, p.permission)).map((p) => ({ ...p, view: viewFor(p.view, held) }))
  const pageIds = new Set(pages.map((p) => p.id))
  const nav = (admin.nav ?? []).filter((n) => holds(held, n.permission) && pageIds.has(n.page))
  const widgets = (admin.widgets ?? []).filter((w) => holds(held, w.permission)).map((w) => ({ ...w, view: viewFor(w.view, held) }))
  // A table row links to a detail page the caller may not open: drop the link, keep the table.
  for (const page of pages) {
    if (page.view.kind === 'table' && page.view.rowLink != null && !pageIds.has(page.view.rowLink)) {
      const { rowLink: _hidden, ...rest } = page.view
      page.view = rest
    }
  }
  return { nav, pages, widgets }
}

/** Every installed plugin's admin contributions the caller may see, and the names of all installed plugins. */
export function extensionsFor (plugins: readonly LoadedPlugin[], held: readonly string[]): AdminExtensions {
  const contributed: AdminExtensions['plugins'] = []
  for (const { manifest } of plugins) {
    if (manifest.admin == null) continue
    const admin = adminFor(manifest.admin, held)
    if ((admin.nav?.length ?? 0) + (admin.pages?.length ?? 0) + (admin.widgets?.length ?? 0) === 0) continue
    contributed.push({ name: manifest.name, version: manifest.version ?? null, admin: admin as AdminExtensions['plugins'][number]['admin'] })
  }
  return { plugins: contributed, installed: plugins.map((p) => p.manifest.name) }
}
