import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { definePlugin, systemActor, Type, type PluginManifest } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import greetings from '@comptoir-fixtures/plugin-greetings'
import admin, { appCsp } from '../src/index.js'

const dbs = createTestDatabases(t)

// A build of the app as Vite lays it out, next to a file that must never be served.
const sandbox = await mkdtemp(join(tmpdir(), 'comptoir-admin-'))
t.teardown(async () => { await rm(sandbox, { recursive: true, force: true }) })
const build = join(sandbox, 'build')
const pluginDir = join(sandbox, 'greeter-admin')
const empty = join(sandbox, 'empty')
await mkdir(join(build, 'assets'), { recursive: true })
await mkdir(pluginDir)
await mkdir(empty)
await writeFile(join(sandbox, 'secret.txt'), 'TOP-SECRET')
await writeFile(join(build, 'index.html'), '<!doctype html><html lang="en"><head><title>Comptoir admin</title><script type="module" src="/app/assets/index-AbCd12_-.js"></script><link rel="stylesheet" href="/app/assets/index-Zz9Yy8Xx.css"></head><body><div id="root"></div></body></html>')
await writeFile(join(build, 'assets', 'index-AbCd12_-.js'), 'console.log("app")')
await writeFile(join(build, 'assets', 'index-Zz9Yy8Xx.css'), 'body{margin:0}')
await writeFile(join(build, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
await writeFile(join(build, '.env'), 'TOP-SECRET')
await symlink(join(sandbox, 'secret.txt'), join(build, 'leak.txt'))
await symlink(sandbox, join(build, 'up'))
await writeFile(join(pluginDir, 'panel.js'), 'export function mount (el) { el.textContent = "hi"; return () => {} }')

/** A third-party plugin with admin pages, widgets and assets, some behind permissions. */
const greeter = definePlugin({
  name: 'greeter',
  version: '1.2.3',
  permissions: ['greeter:read', 'greeter:write'],
  routes: {
    admin: async (app) => {
      app.get('/greeter/notes', { config: { permission: 'greeter:read' }, schema: { tags: ['greeter'], operationId: 'listGreeterNotes', response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String() })), nextCursor: Type.Union([Type.String(), Type.Null()]) }) } } }, async () => ({ items: [{ id: 'n1' }], nextCursor: null }))
    },
  },
  admin: {
    assets: pathToFileURL(`${pluginDir}/`),
    nav: [
      { label: 'Notes', page: 'notes', section: 'marketing', permission: 'greeter:read' },
      { label: 'Panel', page: 'panel' },
      { label: 'Secret note', page: 'note', permission: 'greeter:write' },
    ],
    pages: [
      {
        id: 'notes', title: 'Notes', permission: 'greeter:read',
        view: {
          kind: 'table', source: '/admin/greeter/notes', rowLink: 'note',
          columns: [{ key: 'id', label: 'Id' }, { key: 'total', label: 'Total', format: 'money', currencyKey: 'currency' }],
          filters: [{ param: 'status', label: 'Status', options: ['open', 'done'] }],
          actions: [{ label: 'Archive', method: 'POST', path: '/admin/greeter/notes/:id/archive', permission: 'greeter:write', confirm: 'Archive it?' }],
        },
      },
      { id: 'note', title: 'Note', permission: 'greeter:write', view: { kind: 'detail', source: '/admin/greeter/notes/:id', fields: [{ key: 'id', label: 'Id' }] } },
      { id: 'panel', title: 'Panel', view: { kind: 'module', module: 'panel.js' } },
    ],
    widgets: [
      { id: 'order-notes', slot: 'order.detail', title: 'Notes', permission: 'greeter:write', view: { kind: 'detail', source: '/admin/greeter/orders/:id', fields: [{ key: 'text', label: 'Text' }] } },
      { id: 'hello', slot: 'dashboard', title: 'Hello', view: { kind: 'module', module: 'panel.js' } },
    ],
  },
})

/** An API key with the given permissions (through a fresh role): no password hashing, so it is quick. */
async function adminWith (app: FastifyInstance, permissions: string[] | 'owner'): Promise<Record<string, string>> {
  const ctx = app.comptoir.systemCtx(systemActor)
  const roles = permissions === 'owner' ? ['owner'] : [(await app.services.auth.createRole(ctx, { name: `role-${Math.random().toString(36).slice(2)}`, permissions })).name]
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'test', roles })
  return { authorization: `Bearer ${secret}` }
}

async function bootError (t: Test, manifest: PluginManifest<any>): Promise<{ code: string, plugin?: string, message: string }> {
  try {
    await dbs.app(t, 'embedded', { plugins: [manifest] })
  } catch (error) {
    return error as { code: string, plugin?: string, message: string }
  }
  throw new Error('boot succeeded')
}

t.test('boot refuses a malformed admin section, naming the plugin and the field', async (t) => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['unknown view kind', { pages: [{ id: 'a', title: 'A', view: { kind: 'chart' } }] }, /admin\.pages\[0\]\.view\.kind/],
    ['nav to a missing page', { nav: [{ label: 'A', page: 'nope' }], pages: [] }, /admin\.nav\[0\]\.page 'nope' is not a page id/],
    ['source outside /admin', { pages: [{ id: 'a', title: 'A', view: { kind: 'table', source: 'https://evil.example/x', columns: [{ key: 'id', label: 'Id' }] } }] }, /view\.source/],
    ['module escaping its folder', { assets: pathToFileURL(`${pluginDir}/`), pages: [{ id: 'a', title: 'A', view: { kind: 'module', module: '../secret.js' } }] }, /view\.module/],
    ['module without assets', { pages: [{ id: 'a', title: 'A', view: { kind: 'module', module: 'a.js' } }] }, /needs admin\.assets/],
    ['bad widget slot', { widgets: [{ id: 'w', slot: 'sidebar', title: 'W', view: { kind: 'module', module: 'a.js' } }] }, /admin\.widgets\[0\]\.slot/],
    ['rowLink to a missing page', { pages: [{ id: 'a', title: 'A', view: { kind: 'table', source: '/admin/x', columns: [{ key: 'id', label: 'Id' }], rowLink: 'b' } }] }, /rowLink/],
    ['unknown key', { menus: [] }, /admin\.menus is not a known key/],
  ]
  for (const [name, section, field] of cases) {
    const error = await bootError(t, definePlugin({ name: 'broken', admin: section as never }))
    t.equal(error.code, 'CORE_BOOT_INVALID_ADMIN_EXTENSION', name)
    t.equal(error.plugin, 'broken', `${name}: names the plugin`)
    t.match(error.message, field, `${name}: names the field`)
  }
})

t.test("a plugin's web routes may not take the kernel's paths", async (t) => {
  const error = await bootError(t, definePlugin({ name: 'squatter', routes: { web: async (app) => { app.get('/admin/x', async () => 'x') } } }))
  t.equal(error.code, 'CORE_BOOT_INVALID_PLUGIN')
  t.match(error.message, /squatter.*\/admin\/x/)
})

for (const engine of testEngines()) {
  t.test(`${engine}: serving the app`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [greeter, [admin, { folder: build }]] })

    t.test('the shell, for /app and every client route, never cached, with a CSP that lets it run', async (t) => {
      for (const url of ['/app', '/app/', '/app/orders/0b5c6f0e', '/app/x/greeter/notes', '/app/index.html']) {
        const res = await app.inject({ url })
        t.equal(res.statusCode, 200, url)
        t.equal(res.headers['content-type'], 'text/html; charset=utf-8', url)
        t.match(res.body, /<title>Comptoir admin<\/title>/, url)
        t.equal(res.headers['cache-control'], 'no-cache', url)
        t.equal(res.headers['content-security-policy'], appCsp, url)
      }
      t.match(appCsp, /script-src 'self'(;|$)/, 'scripts from the app itself, none inline')
      t.match(appCsp, /connect-src 'self'/)
      t.match(appCsp, /frame-ancestors 'none'/)
      const res = await app.inject({ url: '/app' })
      t.equal(res.headers['x-content-type-options'], 'nosniff')
      t.equal(res.headers['x-frame-options'], 'DENY')
    })

    t.test('hashed assets: their type, a year of immutable caching, 304 on revalidation', async (t) => {
      const js = await app.inject({ url: '/app/assets/index-AbCd12_-.js' })
      t.equal(js.statusCode, 200)
      t.equal(js.headers['content-type'], 'text/javascript; charset=utf-8')
      t.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable')
      t.equal(js.body, 'console.log("app")')
      t.equal(js.headers['content-length'], String(js.body.length))
      const css = await app.inject({ url: '/app/assets/index-Zz9Yy8Xx.css' })
      t.equal(css.headers['content-type'], 'text/css; charset=utf-8')
      const again = await app.inject({ url: '/app/assets/index-AbCd12_-.js', headers: { 'if-none-match': String(js.headers.etag) } })
      t.equal(again.statusCode, 304)
      t.equal(again.body, '')
      const head = await app.inject({ method: 'HEAD', url: '/app/assets/index-AbCd12_-.js' })
      t.equal(head.statusCode, 200)
      t.equal(head.body, '')
      const svg = await app.inject({ url: '/app/favicon.svg' })
      t.equal(svg.headers['content-type'], 'image/svg+xml')
      t.equal(svg.headers['cache-control'], 'no-cache', 'an unhashed file is revalidated')
    })

    t.test('a missing asset is a 404 problem, not the shell', async (t) => {
      for (const url of ['/app/assets/gone-AbCdEfGh.js', '/app/missing.css', '/app/plugins/greeter/nope.js', '/app/plugins/nobody/panel.js']) {
        const res = await app.inject({ url })
        t.equal(res.statusCode, 404, url)
        t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', url)
        t.equal(res.json().code, 'ADMIN_ASSET_NOT_FOUND', url)
      }
    })

    t.test('no path leaves the folder: dot segments, encoded slashes, backslashes, dotfiles, symlinks', async (t) => {
      const attempts = [
        '/app/../secret.txt', '/app/%2e%2e/secret.txt', '/app/assets/%2e%2e/%2e%2e/secret.txt', '/app/..%2fsecret.txt',
        '/app/%2e%2e%2f%2e%2e%2fsecret.txt', '/app/..%5csecret.txt', '/app/assets/..%5c..%5csecret.txt', '/app/.env',
        '/app/%2eenv', '/app/leak.txt', '/app/up/secret.txt', '/app/%00secret.txt', '/app//etc/passwd', '/app/%2fetc%2fpasswd',
        '/app/plugins/greeter/%2e%2e/secret.txt', '/app/plugins/greeter/..%2f..%2fsecret.txt', '/app/plugins/%2e%2e/secret.txt',
        '/app/C:%5cWindows%5cwin.ini',
      ]
      for (const url of attempts) {
        const res = await app.inject({ url })
        t.notMatch(res.body, /TOP-SECRET|root:/, `${url} does not leak`)
        t.ok(res.statusCode === 404 || res.statusCode === 400 || (res.statusCode === 200 && res.body.includes('<title>Comptoir admin</title>')), `${url}: ${res.statusCode}`)
        t.not(res.statusCode, 500, url)
      }
    })

    t.test("a plugin's admin assets at /app/plugins/<plugin>/", async (t) => {
      const res = await app.inject({ url: '/app/plugins/greeter/panel.js' })
      t.equal(res.statusCode, 200)
      t.equal(res.headers['content-type'], 'text/javascript; charset=utf-8')
      t.equal(res.headers['cache-control'], 'no-cache')
      t.match(res.body, /export function mount/)
    })

    t.test('the extensions endpoint: every entry the caller may see, and the installed plugins', async (t) => {
      const anonymous = await app.inject({ url: '/admin/dashboard/extensions' })
      t.equal(anonymous.statusCode, 401)

      const owner = await app.inject({ url: '/admin/dashboard/extensions', headers: await adminWith(app, 'owner') })
      t.equal(owner.statusCode, 200)
      const all = owner.json()
      t.same(all.installed, ['greeter', 'admin'])
      t.equal(all.plugins.length, 1)
      t.match(all.plugins[0], { name: 'greeter', version: '1.2.3' })
      t.same(all.plugins[0].admin.nav.map((n: { page: string }) => n.page), ['notes', 'panel', 'note'])
      t.same(all.plugins[0].admin.pages.map((p: { id: string }) => p.id), ['notes', 'note', 'panel'])
      t.same(all.plugins[0].admin.widgets.map((w: { id: string }) => w.id), ['order-notes', 'hello'])
      t.same(all.plugins[0].admin.pages[0].view, greeter.admin!.pages![0]!.view, 'a table view is sent whole')
      t.equal(all.plugins[0].admin.assets, undefined, 'the server folder is not disclosed')

      const reader = (await app.inject({ url: '/admin/dashboard/extensions', headers: await adminWith(app, ['greeter:read']) })).json()
      const section = reader.plugins[0].admin
      t.same(section.nav.map((n: { page: string }) => n.page), ['notes', 'panel'], 'no nav entry to a page it may not open')
      t.same(section.pages.map((p: { id: string }) => p.id), ['notes', 'panel'])
      t.same(section.pages[0].view.actions, [], 'no action it may not run')
      t.equal(section.pages[0].view.rowLink, undefined, 'no link to a detail page it may not open')
      t.same(section.widgets.map((w: { id: string }) => w.id), ['hello'])

      const wildcard = (await app.inject({ url: '/admin/dashboard/extensions', headers: await adminWith(app, ['greeter:*']) })).json()
      t.equal(wildcard.plugins[0].admin.pages.length, 3, 'greeter:* grants every greeter permission')

      const none = (await app.inject({ url: '/admin/dashboard/extensions', headers: await adminWith(app, ['core:audit']) })).json()
      t.same(none.plugins[0].admin.pages.map((p: { id: string }) => p.id), ['panel'])
      t.same(none.installed, ['greeter', 'admin'])
    })
  })
}

t.test('option path: the app and its links move', async (t) => {
  const moved = await dbs.app(t, 'embedded', { plugins: [[admin, { folder: build, path: '/backoffice' }]] })
  const shell = await moved.inject({ url: '/backoffice/products' })
  t.equal(shell.statusCode, 200)
  t.match(shell.body, 'src="/backoffice/assets/index-AbCd12_-.js"', 'links follow the mount path')
  t.equal((await moved.inject({ url: '/backoffice/assets/index-AbCd12_-.js' })).statusCode, 200)
  t.equal((await moved.inject({ url: '/app' })).statusCode, 404)
})

t.test('option enabled: false serves no app, the endpoint stays', async (t) => {
  const off = await dbs.app(t, 'embedded', { plugins: [greeter, [admin, { folder: build, enabled: false }]] })
  t.equal((await off.inject({ url: '/app' })).statusCode, 404)
  t.equal((await off.inject({ url: '/admin/dashboard/extensions', headers: await adminWith(off, 'owner') })).statusCode, 200)
})

t.test('a rebuild is served from the next page load, without a restart', async (t) => {
  const folder = join(sandbox, 'rebuilt')
  await mkdir(folder)
  await writeFile(join(folder, 'index.html'), '<!doctype html><title>Comptoir admin</title><p>build one</p>')
  const app = await dbs.app(t, 'embedded', { plugins: [[admin, { folder }]] })
  t.match((await app.inject({ url: '/app/orders' })).body, 'build one')
  await writeFile(join(folder, 'index.html'), '<!doctype html><title>Comptoir admin</title><p>build two</p>')
  const later = new Date(Date.now() + 5000)
  await utimes(join(folder, 'index.html'), later, later)
  t.match((await app.inject({ url: '/app/orders' })).body, 'build two')
})

t.test("the greetings fixture (a third-party package): its page, widget and module file", async (t) => {
  const app = await dbs.app(t, 'embedded', { plugins: [greetings, [admin, { folder: build }]] })
  const { plugins } = (await app.inject({ url: '/admin/dashboard/extensions', headers: await adminWith(app, ['core:audit']) })).json()
  t.same(plugins, [{
    name: 'greetings', version: '0.1.0',
    admin: {
      nav: [{ label: 'Greetings', page: 'messages', section: 'marketing' }],
      pages: [{ id: 'messages', title: 'Greeting messages', view: { kind: 'module', module: 'messages.js' } }],
      widgets: [{ id: 'latest', slot: 'dashboard', title: 'Greetings', view: { kind: 'module', module: 'messages.js' } }],
    },
  }])
  const module = await app.inject({ url: '/app/plugins/greetings/messages.js' })
  t.equal(module.statusCode, 200)
  t.equal(module.headers['content-type'], 'text/javascript; charset=utf-8')
  t.match(module.body, /export function mount \(el, host\)/)
})

t.test('no build: a page saying what to run, never a crash', async (t) => {
  const unbuilt = await dbs.app(t, 'embedded', { plugins: [[admin, { folder: empty }]] })
  for (const url of ['/app', '/app/orders']) {
    const res = await unbuilt.inject({ url })
    t.equal(res.statusCode, 503, url)
    t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
    t.match(res.body, /<h1>The admin app is not built<\/h1>/)
    t.match(res.body, /npm run build/)
  }
  t.equal((await unbuilt.inject({ url: '/app/assets/index-AbCd12_-.js' })).statusCode, 404)
})

t.test('by default the committed build is served, and its entry script loads', async (t) => {
  const app = await dbs.app(t, 'embedded', { plugins: [admin] })
  const shell = await app.inject({ url: '/app' })
  t.equal(shell.statusCode, 200)
  const scripts = [...shell.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!)
  t.ok(scripts.length > 0, 'the shell loads a script')
  t.notMatch(shell.body, /<script(?![^>]*\bsrc=)[^>]*>\s*\S/, 'and no inline script the CSP would block')
  for (const src of scripts) {
    const res = await app.inject({ url: src })
    t.equal(res.statusCode, 200, src)
    t.equal(res.headers['content-type'], 'text/javascript; charset=utf-8', src)
    t.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', src)
  }
  t.ok((await readFile(new URL('../prebuilt/index.html', import.meta.url), 'utf8')).length > 0)
})
