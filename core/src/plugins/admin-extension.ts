import { BootError } from '../errors.js'

/**
 * What a plugin adds to the admin dashboard (`@comptoir/admin`): nav entries, pages and widgets on
 * existing pages, declared as data the app renders, or as an ES module it mounts. Third-party
 * plugins use it the same way as ours.
 */
export interface AdminExtension {
  nav?: AdminNavEntry[]
  pages?: AdminPage[]
  widgets?: AdminWidget[]
  /** A folder of static files (`new URL('../admin/', import.meta.url)`), served at `/app/plugins/<plugin>/`. */
  assets?: URL
}

export type AdminNavSection = 'sales' | 'catalog' | 'customers' | 'operations' | 'marketing' | 'settings'

export interface AdminNavEntry {
  label: string
  /** Page id of this plugin. */
  page: string
  section?: AdminNavSection
  permission?: string
}

export interface AdminPage {
  /** URL: `/app/x/<plugin>/<id>[/<recordId>]`. */
  id: string
  title: string
  permission?: string
  view: AdminView
}

export interface AdminTableView {
  kind: 'table'
  /** Admin API path, e.g. `/admin/crm/tickets`; answers `{ items, nextCursor }` (core's Page). */
  source: string
  columns: AdminField[]
  /** Id of a detail page of this plugin; the row's `id` is appended. */
  rowLink?: string
  filters?: Array<{ param: string, label: string, options?: string[] }>
  actions?: AdminAction[]
}

export interface AdminDetailView {
  kind: 'detail'
  /** With `:id`, e.g. `/admin/crm/tickets/:id`. */
  source: string
  fields: AdminField[]
  actions?: AdminAction[]
}

export interface AdminModuleView {
  kind: 'module'
  /**
   * Path under the plugin's admin assets, served at `/app/plugins/<plugin>/<file>`; an ES module
   * exporting `mount(el: HTMLElement, host: AdminHost): () => void`.
   */
  module: string
}

export type AdminView = AdminTableView | AdminDetailView | AdminModuleView

export type AdminFieldFormat = 'text' | 'number' | 'money' | 'date' | 'datetime' | 'status' | 'boolean' | 'json'

export interface AdminField {
  /** Dot path into the row. */
  key: string
  label: string
  format?: AdminFieldFormat
  /** Dot path of the ISO 4217 code for `money`; the amount is in minor units. */
  currencyKey?: string
}

export interface AdminActionField {
  name: string
  label: string
  type: 'text' | 'textarea' | 'number' | 'select' | 'checkbox'
  options?: string[]
  required?: boolean
}

export interface AdminAction {
  label: string
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** `:id` is replaced by the record id. */
  path: string
  permission?: string
  confirm?: string
  fields?: AdminActionField[]
}

export type AdminWidgetSlot = 'dashboard' | 'order.detail' | 'customer.detail' | 'product.detail'

export interface AdminWidget {
  id: string
  slot: AdminWidgetSlot
  title: string
  permission?: string
  /** `:id` in `source` is the host record's id. */
  view: AdminView
}

/** What a `module` view's `mount` receives from the app. */
export interface AdminHost {
  /** Same-origin, with the session. */
  apiFetch: (path: string, init?: RequestInit) => Promise<Response>
  navigate: (to: string) => void
  recordId?: string
}

/** Boot error code for a manifest whose `admin` section has the wrong shape. */
export const invalidAdminExtensionBootCode = 'CORE_BOOT_INVALID_ADMIN_EXTENSION'

const idPattern = /^[a-z][a-z0-9-]{0,63}$/
const apiPathPattern = /^\/admin\/[A-Za-z0-9\-._~/:]*$/
const modulePattern = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9\-_./]+\.m?js$/
const sections = new Set(['sales', 'catalog', 'customers', 'operations', 'marketing', 'settings'])
const slots = new Set(['dashboard', 'order.detail', 'customer.detail', 'product.detail'])
const formats = new Set(['text', 'number', 'money', 'date', 'datetime', 'status', 'boolean', 'json'])
const methods = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
const fieldTypes = new Set(['text', 'textarea', 'number', 'select', 'checkbox'])

/**
 * Checks a manifest's `admin` section at boot; throws a BootError naming the plugin and the first
 * wrong field (`admin.pages[1].view.source`), so a typo fails at start, not in the browser.
 */
export function checkAdminExtension (plugin: string, admin: unknown): void {
  if (admin === undefined) return
  const fail = (where: string, what: string): never => {
    throw new BootError(invalidAdminExtensionBootCode, `Plugin '${plugin}' has an invalid admin section: ${where} ${what}.`, { plugin })
  }
  const isObject = (value: unknown): value is Record<string, unknown> => value != null && typeof value === 'object' && !Array.isArray(value)
  const text = (value: unknown, where: string): void => {
    if (typeof value !== 'string' || value.trim() === '') fail(where, 'must be a non-empty string')
  }
  const optionalText = (value: unknown, where: string): void => { if (value !== undefined) text(value, where) }
  const list = (value: unknown, where: string): unknown[] => {
    if (value === undefined) return []
    if (!Array.isArray(value)) return fail(where, 'must be an array')
    return value
  }
  const permission = (value: unknown, where: string): void => {
    if (value === undefined) return
    text(value, where)
    if (!(value as string).includes(':')) fail(where, `'${String(value)}' must be a permission like 'plugin:action'`)
  }
  const apiPath = (value: unknown, where: string): void => {
    text(value, where)
    if (!apiPathPattern.test(value as string)) fail(where, `'${String(value)}' must be an admin API path starting with /admin/`)
  }
  const fields = (value: unknown, where: string): void => {
    if (!Array.isArray(value) || value.length === 0) fail(where, 'must be a non-empty array of fields')
    ;(value as unknown[]).forEach((field, i) => {
      const at = `${where}[${i}]`
      if (!isObject(field)) return fail(at, 'must be an object')
      text(field.key, `${at}.key`)
      text(field.label, `${at}.label`)
      if (field.format !== undefined && !formats.has(field.format as string)) fail(`${at}.format`, `must be one of ${[...formats].join(', ')}`)
      optionalText(field.currencyKey, `${at}.currencyKey`)
    })
  }
  const actions = (value: unknown, where: string): void => {
    list(value, where).forEach((action, i) => {
      const at = `${where}[${i}]`
      if (!isObject(action)) return fail(at, 'must be an object')
      text(action.label, `${at}.label`)
      if (!methods.has(action.method as string)) fail(`${at}.method`, 'must be POST, PATCH, PUT or DELETE')
      apiPath(action.path, `${at}.path`)
      permission(action.permission, `${at}.permission`)
      optionalText(action.confirm, `${at}.confirm`)
      list(action.fields, `${at}.fields`).forEach((field, j) => {
        const fat = `${at}.fields[${j}]`
        if (!isObject(field)) return fail(fat, 'must be an object')
        text(field.name, `${fat}.name`)
        text(field.label, `${fat}.label`)
        if (!fieldTypes.has(field.type as string)) fail(`${fat}.type`, `must be one of ${[...fieldTypes].join(', ')}`)
        if (field.options !== undefined && (!Array.isArray(field.options) || field.options.some((o) => typeof o !== 'string'))) fail(`${fat}.options`, 'must be an array of strings')
        if (field.required !== undefined && typeof field.required !== 'boolean') fail(`${fat}.required`, 'must be a boolean')
      })
    })
  }
  const view = (value: unknown, where: string, pageIds: Set<string>): void => {
    if (!isObject(value)) return fail(where, 'must be an object')
    if (value.kind === 'table') {
      apiPath(value.source, `${where}.source`)
      fields(value.columns, `${where}.columns`)
      if (value.rowLink !== undefined && !pageIds.has(value.rowLink as string)) fail(`${where}.rowLink`, `'${String(value.rowLink)}' is not a page id of this plugin`)
      list(value.filters, `${where}.filters`).forEach((filter, i) => {
        const at = `${where}.filters[${i}]`
        if (!isObject(filter)) return fail(at, 'must be an object')
        text(filter.param, `${at}.param`)
        text(filter.label, `${at}.label`)
        if (filter.options !== undefined && (!Array.isArray(filter.options) || filter.options.some((o) => typeof o !== 'string'))) fail(`${at}.options`, 'must be an array of strings')
      })
      actions(value.actions, `${where}.actions`)
    } else if (value.kind === 'detail') {
      apiPath(value.source, `${where}.source`)
      fields(value.fields, `${where}.fields`)
      actions(value.actions, `${where}.actions`)
    } else if (value.kind === 'module') {
      text(value.module, `${where}.module`)
      if (!modulePattern.test(value.module as string)) fail(`${where}.module`, `'${String(value.module)}' must be a relative .js path inside the plugin's admin assets`)
      if (admin == null || !((admin as Record<string, unknown>).assets instanceof URL)) fail(`${where}.module`, 'needs admin.assets (a folder URL) to be served from')
    } else {
      fail(`${where}.kind`, "must be 'table', 'detail' or 'module'")
    }
  }

  if (!isObject(admin)) return fail('admin', 'must be an object')
  const known = new Set(['nav', 'pages', 'widgets', 'assets'])
  for (const key of Object.keys(admin)) if (!known.has(key)) fail(`admin.${key}`, 'is not a known key (nav, pages, widgets, assets)')
  if (admin.assets !== undefined && !(admin.assets instanceof URL && admin.assets.protocol === 'file:')) fail('admin.assets', "must be a file: URL of a folder (new URL('../admin/', import.meta.url))")

  const pages = list(admin.pages, 'admin.pages')
  const pageIds = new Set<string>()
  pages.forEach((page, i) => {
    const at = `admin.pages[${i}]`
    if (!isObject(page)) return fail(at, 'must be an object')
    if (typeof page.id !== 'string' || !idPattern.test(page.id)) fail(`${at}.id`, 'must be lowercase letters, digits and dashes, starting with a letter')
    if (pageIds.has(page.id as string)) fail(`${at}.id`, `'${String(page.id)}' is used twice`)
    pageIds.add(page.id as string)
  })
  pages.forEach((page, i) => {
    const at = `admin.pages[${i}]`
    const p = page as Record<string, unknown>
    text(p.title, `${at}.title`)
    permission(p.permission, `${at}.permission`)
    view(p.view, `${at}.view`, pageIds)
  })

  list(admin.nav, 'admin.nav').forEach((entry, i) => {
    const at = `admin.nav[${i}]`
    if (!isObject(entry)) return fail(at, 'must be an object')
    text(entry.label, `${at}.label`)
    if (!pageIds.has(entry.page as string)) fail(`${at}.page`, `'${String(entry.page)}' is not a page id of this plugin`)
    if (entry.section !== undefined && !sections.has(entry.section as string)) fail(`${at}.section`, `must be one of ${[...sections].join(', ')}`)
    permission(entry.permission, `${at}.permission`)
  })

  const widgetIds = new Set<string>()
  list(admin.widgets, 'admin.widgets').forEach((widget, i) => {
    const at = `admin.widgets[${i}]`
    if (!isObject(widget)) return fail(at, 'must be an object')
    if (typeof widget.id !== 'string' || !idPattern.test(widget.id)) fail(`${at}.id`, 'must be lowercase letters, digits and dashes, starting with a letter')
    if (widgetIds.has(widget.id as string)) fail(`${at}.id`, `'${String(widget.id)}' is used twice`)
    widgetIds.add(widget.id as string)
    if (!slots.has(widget.slot as string)) fail(`${at}.slot`, `must be one of ${[...slots].join(', ')}`)
    text(widget.title, `${at}.title`)
    permission(widget.permission, `${at}.permission`)
    view(widget.view, `${at}.view`, pageIds)
  })
}
