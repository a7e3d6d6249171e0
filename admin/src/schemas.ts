import { Type, type Static } from '@comptoir/core'

// The response of GET /admin/dashboard/extensions: the manifests' `admin` sections (core's
// AdminExtension types) as JSON, without `assets` (a server folder; the app fetches
// /app/plugins/<plugin>/<file>). The response filter drops anything not declared here.
const Str = Type.String()
const Strings = Type.Array(Type.String())

export const AdminField = Type.Object({
  key: Str,
  label: Str,
  format: Type.Optional(Type.Union(['text', 'number', 'money', 'date', 'datetime', 'status', 'boolean', 'json'].map((f) => Type.Literal(f)))),
  currencyKey: Type.Optional(Str),
})

export const AdminAction = Type.Object({
  label: Str,
  method: Type.Union(['POST', 'PATCH', 'PUT', 'DELETE'].map((m) => Type.Literal(m))),
  path: Str,
  permission: Type.Optional(Str),
  confirm: Type.Optional(Str),
  fields: Type.Optional(Type.Array(Type.Object({
    name: Str,
    label: Str,
    type: Type.Union(['text', 'textarea', 'number', 'select', 'checkbox'].map((t) => Type.Literal(t))),
    options: Type.Optional(Strings),
    required: Type.Optional(Type.Boolean()),
  }))),
})

export const AdminView = Type.Union([
  Type.Object({
    kind: Type.Literal('table'),
    source: Str,
    columns: Type.Array(AdminField),
    rowLink: Type.Optional(Str),
    filters: Type.Optional(Type.Array(Type.Object({ param: Str, label: Str, options: Type.Optional(Strings) }))),
    actions: Type.Optional(Type.Array(AdminAction)),
  }),
  Type.Object({ kind: Type.Literal('detail'), source: Str, fields: Type.Array(AdminField), actions: Type.Optional(Type.Array(AdminAction)) }),
  Type.Object({ kind: Type.Literal('module'), module: Str }),
])

const Section = Type.Union(['sales', 'catalog', 'customers', 'operations', 'marketing', 'settings'].map((s) => Type.Literal(s)))
const Slot = Type.Union(['dashboard', 'order.detail', 'customer.detail', 'product.detail'].map((s) => Type.Literal(s)))

export const AdminExtensionJson = Type.Object({
  nav: Type.Optional(Type.Array(Type.Object({ label: Str, page: Str, section: Type.Optional(Section), permission: Type.Optional(Str) }))),
  pages: Type.Optional(Type.Array(Type.Object({ id: Str, title: Str, permission: Type.Optional(Str), view: AdminView }))),
  widgets: Type.Optional(Type.Array(Type.Object({ id: Str, slot: Slot, title: Str, permission: Type.Optional(Str), view: AdminView }))),
})

export const AdminExtensions = Type.Object({
  plugins: Type.Array(Type.Object({
    name: Str,
    version: Type.Union([Str, Type.Null()]),
    admin: AdminExtensionJson,
  })),
  /** Every loaded plugin's name: the app hides its core pages of plugins that are not installed. */
  installed: Strings,
})
export type AdminExtensions = Static<typeof AdminExtensions>
