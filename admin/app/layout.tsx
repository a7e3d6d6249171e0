import { Suspense, useEffect, useRef, useState } from 'react'
import { NavLink, Outlet, useLocation } from 'react-router'
import { api } from './api/client.js'
import { clearSession } from './auth/session.js'
import { useWorkspace } from './extensions/context.js'
import type { AdminSection } from './extensions/types.js'
import { coreNav, sectionTitles } from './nav.js'
import { Loading } from './ui/components.js'

interface NavItem { label: string, to: string }

export function Layout () {
  const workspace = useWorkspace()
  const location = useLocation()
  const [open, setOpen] = useState(false)
  const first = useRef(true)
  // A new page: close the small-screen menu and move focus to the content, as a full load would.
  useEffect(() => {
    setOpen(false)
    if (first.current) { first.current = false; return }
    document.getElementById('main')?.focus()
  }, [location.pathname])

  const sections = new Map<AdminSection | 'home', NavItem[]>()
  for (const entry of coreNav) {
    if (entry.plugin != null && !workspace.has(entry.plugin)) continue
    if (!workspace.can(entry.permission)) continue
    sections.set(entry.section, [...(sections.get(entry.section) ?? []), entry])
  }
  for (const plugin of workspace.plugins) {
    for (const entry of plugin.admin.nav ?? []) {
      if (!workspace.can(entry.permission)) continue
      const section = entry.section ?? 'operations'
      sections.set(section, [...(sections.get(section) ?? []), { label: entry.label, to: `/x/${plugin.name}/${entry.page}` }])
    }
  }
  const order = Object.keys(sectionTitles) as Array<AdminSection | 'home'>

  const logout = async () => {
    await api.DELETE('/admin/auth/sessions/current').catch(() => undefined)
    clearSession('logout')
  }

  return (
    <div className={`shell${open ? ' nav-open' : ''}`}>
      <a className='skip-link' href='#main'>Skip to content</a>
      <header className='topbar'>
        <button type='button' className='menu-toggle' aria-expanded={open} aria-controls='main-nav' onClick={() => setOpen((o) => !o)}>Menu</button>
        <span className='brand'>Comptoir</span>
        <span className='who'>{workspace.email}</span>
        <button type='button' onClick={() => { void logout() }}>Log out</button>
      </header>
      <nav id='main-nav' className='sidenav' aria-label='Main'>
        {order.filter((s) => sections.has(s)).map((section) => (
          <div key={section} className='nav-section'>
            <h2>{sectionTitles[section]}</h2>
            <ul>
              {sections.get(section)!.map((item) => (
                <li key={item.to}><NavLink to={item.to} end={item.to === '/' || item.to === '/products'}>{item.label}</NavLink></li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id='main' tabIndex={-1}>
        <Suspense fallback={<Loading />}><Outlet /></Suspense>
      </main>
    </div>
  )
}
