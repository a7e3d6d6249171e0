import t from 'tap'
import { createRequire } from 'node:module'
import path from 'node:path'
import { ConflictError, runSeed, systemActor } from '@comptoir/core'
import { createTestDatabases, drainEvents, testEngines } from '@comptoir/core/testing'
import { loadStoreConfig } from '../../core/src/cli/load-config.js'
import { localStoreFiles } from './local-plugin-files.js'
import { scratchFolder, writeFiles } from './scratch.js'

// Issue #23: a store keeps a plugin in ./plugins/<name>/, imported by relative path from its
// comptoir.config.ts, as TypeScript source (no build step), and it behaves like a published one.
// Two stores: one with a package.json ("type": "module"), one without (its config loads as
// CommonJS, the plugin too: the review's case, where core's typed errors turned into 500s).
const dbs = createTestDatabases(t)
const root = scratchFolder(t, 'local')

for (const variant of [{ name: 'ESM store', esm: true }, { name: 'CommonJS store (no package.json)', esm: false }]) {
  const store = path.join(root, variant.esm ? 'esm' : 'cjs')
  writeFiles(store, localStoreFiles({ esm: variant.esm }))
  const { config, file } = await loadStoreConfig(undefined, store)

  t.test(variant.name, async (t) => {
    t.equal(file, path.join(store, 'comptoir.config.ts'), 'the config found in the store folder')
    if (!variant.esm) {
      // The hazard is real here: the CommonJS plugin got its own instance of @comptoir/core.
      const { NotesSlugTakenError } = createRequire(file!)('./plugins/notes/src/index.ts') as { NotesSlugTakenError: new (slug: string, cause: unknown) => Error }
      t.notOk(new NotesSlugTakenError('x', null) instanceof ConflictError, 'a second copy of core')
    }
    for (const engine of testEngines()) {
      t.test(engine, async (t) => {
        const app = await dbs.app(t, engine, config)
        const ctx = app.comptoir.systemCtx(systemActor)

        t.test('its migrations ran, recorded under the plugin', async (t) => {
          t.same(await app.comptoir.database.knex('comptoir_migrations_notes').pluck('name'), ['202612070001_create_notes_notes'])
        })

        t.test('its route answers with its options applied, and its typed error is a 409 problem', async (t) => {
          const created = await app.inject({ method: 'POST', url: '/store/notes', payload: { slug: 'a', text: 'hello' } })
          t.equal(created.statusCode, 201, created.body)
          t.match(created.json(), { slug: 'a', text: 'Note: hello' })
          const again = await app.inject({ method: 'POST', url: '/store/notes', payload: { slug: 'a', text: 'again' } })
          t.equal(again.statusCode, 409, again.body)
          t.match(again.json(), { code: 'NOTES_SLUG_TAKEN', slug: 'a', status: 409 })
          const invalid = await app.inject({ method: 'POST', url: '/store/notes', payload: { slug: '', text: 'x', extra: 1 } })
          t.equal(invalid.statusCode, 400)
          t.equal(invalid.json().code, 'CORE_VALIDATION')
        })

        t.test('its subscriber receives its event and its job runs', async (t) => {
          await app.inject({ method: 'POST', url: '/store/notes', payload: { slug: 'b', text: 'subscribed' } })
          await app.services.jobs.enqueue(ctx, 'notes.count-notes', { reason: 'test' })
          await drainEvents(app)
          const noteId = await app.comptoir.database.knex('notes_notes').where({ slug: 'b' }).first('id')
          t.equal((await app.comptoir.database.knex('notes_deliveries').where({ note_id: noteId.id })).length, 1)
          const count = await app.comptoir.database.knex('notes_counts').where({ reason: 'test' }).first('notes')
          t.ok(Number(count.notes) >= 1)
        })

        t.test('its seed runs with comptoir seed', async (t) => {
          t.ok(await runSeed(app))
          t.equal((await app.comptoir.database.knex('notes_notes').where({ slug: 'seeded' })).length, 1)
        })
      })
    }
  })
}
