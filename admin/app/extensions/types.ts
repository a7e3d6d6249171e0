// The admin extension contract (core/src/plugins/admin-extension.ts), as the app reads it from
// GET /admin/dashboard/extensions (the manifests' `admin` sections, filtered to the caller's
// permissions). Names for the parts of the generated answer type; extensions/context.tsx assigns
// the generated type to ExtensionsAnswer, so a drift between the two fails the app's type check.

export type AdminSection = 'sales' | 'catalog' | 'customers' | 'operations' | 'marketing' | 'settings'
export interface AdminExtension { nav?: AdminNavEntry[], pages?: AdminPage[], widgets?: AdminWidget[] }
export interface AdminNavEntry { label: string, page: string, section?: AdminSection, permission?: string }
export interface AdminPage { id: string, title: string, permission?: string, view: AdminView }
export type AdminFieldFormat = 'text' | 'number' | 'money' | 'date' | 'datetime' | 'status' | 'boolean' | 'json'
export interface AdminField { key: string, label: string, format?: AdminFieldFormat, currencyKey?: string }
export interface AdminActionField { name: string, label: string, type: 'text' | 'textarea' | 'number' | 'select' | 'checkbox', options?: string[], required?: boolean }
export interface AdminAction { label: string, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, permission?: string, confirm?: string, fields?: AdminActionField[] }
export interface AdminTableView { kind: 'table', source: string, columns: AdminField[], rowLink?: string, filters?: Array<{ param: string, label: string, options?: string[] }>, actions?: AdminAction[] }
export interface AdminDetailView { kind: 'detail', source: string, fields: AdminField[], actions?: AdminAction[] }
export interface AdminModuleView { kind: 'module', module: string }
export type AdminView = AdminTableView | AdminDetailView | AdminModuleView
export type AdminWidgetSlot = 'dashboard' | 'order.detail' | 'customer.detail' | 'product.detail'
export interface AdminWidget { id: string, slot: AdminWidgetSlot, title: string, permission?: string, view: AdminView }
export interface AdminHost { apiFetch: (path: string, init?: RequestInit) => Promise<Response>, navigate: (to: string) => void, recordId?: string }

export interface ExtensionsAnswer { plugins: Array<{ name: string, version: string | null, admin: AdminExtension }>, installed: string[] }
