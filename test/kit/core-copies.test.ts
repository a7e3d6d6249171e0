import t from 'tap'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { HttpError, isHttpError, NotFoundError, type PluginManifest } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { copyCore, scratchFolder, writeFiles } from './scratch.js'

// Issue #23: a plugin that resolves its own copy of @comptoir/core (a nested install, a linked
// package, the CommonJS instance next to the ESM one) throws that copy's typed errors. The kernel
// must still answer them as their 4xx, not as a 500 CORE_INTERNAL.
const dbs = createTestDatabases(t)
const folder = scratchFolder(t, 'copies')
const plugin = path.join(folder, 'comptoir-plugin-nested')
const nestedCore = copyCore(plugin)
writeFiles(plugin, {
  'package.json': JSON.stringify({ name: 'comptoir-plugin-nested', version: '0.1.0', type: 'module', peerDependencies: { '@comptoir/core': '^0.1.0' } }),
  'src/index.ts': `import { ConflictError, NotFoundError, definePlugin, Type } from '@comptoir/core'
export * as nestedCore from '@comptoir/core'
export class NestedTakenError extends ConflictError {
  readonly code = 'NESTED_TAKEN'
  readonly title = 'Already taken'
  constructor (slug: string) { super(\`'\${slug}' is taken\`, { slug }) }
}
export class NestedMissingError extends NotFoundError {
  readonly code = 'NESTED_MISSING'
  readonly title = 'No such thing'
}
export default definePlugin({
  name: 'nested',
  version: '0.1.0',
  core: '^0.1.0',
  routes: {
    store: async (app) => {
      const ok = { 200: Type.Object({ ok: Type.Boolean() }) }
      app.get('/nested/taken', { schema: { tags: ['nested'], operationId: 'nestedTaken', response: ok } }, async () => { throw new NestedTakenError('a') })
      app.get('/nested/missing', { schema: { tags: ['nested'], operationId: 'nestedMissing', response: ok } }, async () => { throw new NestedMissingError('Nothing here') })
      app.get('/nested/bug', { schema: { tags: ['nested'], operationId: 'nestedBug', response: ok } }, async () => { throw new Error('a bug') })
    },
  },
})
`,
})

interface NestedModule {
  default: PluginManifest
  NestedTakenError: new (slug: string) => Error
  NestedMissingError: new (detail: string) => Error
  nestedCore: { HttpError: unknown, isHttpError: (e: unknown) => boolean }
}
const nested = await import(pathToFileURL(path.join(plugin, 'src', 'index.ts')).href) as NestedModule

t.test('the plugin really runs on a second copy of core', async (t) => {
  t.ok(path.join(plugin, 'node_modules', '@comptoir', 'core') === nestedCore)
  t.not(nested.nestedCore.HttpError, HttpError, 'two HttpError classes')
})

t.test('errors of the other copy are recognised by brand: isHttpError and instanceof HttpError, both ways', async (t) => {
  const taken = new nested.NestedTakenError('a')
  t.ok(isHttpError(taken))
  t.ok(taken instanceof HttpError)
  t.notOk(taken instanceof NotFoundError, 'a subclass keeps the prototype check')
  t.ok(nested.nestedCore.isHttpError(new (class extends NotFoundError { readonly code = 'X'; readonly title = 'X' })()))
  t.notOk(isHttpError(new Error('plain')))
  t.notOk(isHttpError({ status: 409, code: 'FAKE', title: 'shaped like one, but not branded' }))
})

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [nested.default] })

    t.test("a typed error of the plugin's core copy is answered with its status and code", async (t) => {
      const res = await app.inject({ method: 'GET', url: '/store/nested/taken' })
      t.equal(res.statusCode, 409)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json(), { status: 409, code: 'NESTED_TAKEN', title: 'Already taken', detail: "'a' is taken", slug: 'a', type: 'https://comptoir.dev/problems/nested-taken' })
      const missing = await app.inject({ method: 'GET', url: '/store/nested/missing' })
      t.equal(missing.statusCode, 404)
      t.equal(missing.json().code, 'NESTED_MISSING')
    })

    t.test('anything else the plugin throws is still a 500 CORE_INTERNAL without detail', async (t) => {
      const res = await app.inject({ method: 'GET', url: '/store/nested/bug' })
      t.equal(res.statusCode, 500)
      t.equal(res.json().code, 'CORE_INTERNAL')
      t.notMatch(res.body, /a bug/)
    })
  })
}
