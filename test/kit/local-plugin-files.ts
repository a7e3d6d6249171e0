/**
 * A store folder with a local plugin in ./plugins/notes/, imported by relative path from its config.
 * Without `esm`, no package.json anywhere: config and plugin load as CommonJS.
 */
export function localStoreFiles (options: { esm: boolean }): Record<string, string> {
  return {
    ...(options.esm ? { 'package.json': JSON.stringify({ name: 'my-store', private: true, type: 'module' }) } : {}),
    'comptoir.config.ts': `import { defineConfig } from '@comptoir/core'
import notes from './plugins/notes/src/index.js'

export default defineConfig({
  store: { name: 'Local store' },
  plugins: [[notes, { prefix: 'Note: ' }]],
})
`,
    ...(options.esm ? { 'plugins/notes/package.json': JSON.stringify({ name: 'comptoir-plugin-notes', version: '0.1.0', private: true, type: 'module', peerDependencies: { '@comptoir/core': '^0.1.0' } }) } : {}),
    'plugins/notes/src/index.ts': `import { ConflictError, defineJob, definePlugin, inTransaction, isUniqueViolation, Type, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'

const NotesConfig = Type.Object({ prefix: Type.String({ maxLength: 20, default: '' }) }, { additionalProperties: false, default: {} })
const Note = Type.Object({ id: Type.String(), slug: Type.String(), text: Type.String() })
const NoteInput = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 50 }), text: Type.String({ maxLength: 200 }) }, { additionalProperties: false })

export class NotesSlugTakenError extends ConflictError {
  readonly code = 'NOTES_SLUG_TAKEN'
  readonly title = 'Slug already taken'
  constructor (slug: string, cause: unknown) { super(\`A note '\${slug}' exists\`, { slug }, { cause }) }
}

const events = { 'notes.note.created': Type.Object({ noteId: Type.String(), slug: Type.String() }) }

function createNotesService ({ events }: Cradle, { config }: PluginScope<{ prefix: string }>) {
  return {
    async create (ctx: Ctx, input: { slug: string, text: string }) {
      return await inTransaction(ctx, async (ctx) => {
        try {
          const [row] = await ctx.db('notes_notes').insert({ slug: input.slug, text: config.prefix + input.text }).returning(['id', 'slug', 'text'])
          await events.emit(ctx, 'notes.note.created', { noteId: row.id, slug: row.slug })
          return row as { id: string, slug: string, text: string }
        } catch (error) {
          if (isUniqueViolation(error, 'notes_notes_slug_unique')) throw new NotesSlugTakenError(input.slug, error)
          throw error
        }
      })
    },
  }
}

export default definePlugin({
  name: 'notes',
  version: '0.1.0',
  core: '^0.1.0',
  config: NotesConfig,
  services: { notes: createNotesService },
  migrations: new URL('./migrations/', import.meta.url),
  events,
  jobs: {
    'notes.count-notes': defineJob({
      payload: Type.Object({ reason: Type.String() }),
      async handler (ctx, payload) {
        await ctx.db('notes_counts').insert({ reason: payload.reason, notes: ctx.db('notes_notes').count('*') })
      },
    }),
  },
  subscribers: {
    async 'notes.note.created' (ctx, event) {
      await ctx.db('notes_deliveries').insert({ event_id: event.id, note_id: (event.payload as { noteId: string }).noteId }).onConflict('event_id').ignore()
    },
  },
  routes: {
    store: async (app) => {
      const { notes } = app.services as unknown as { notes: ReturnType<typeof createNotesService> }
      app.post<{ Body: { slug: string, text: string } }>('/notes', {
        schema: { tags: ['notes'], operationId: 'createNote', body: NoteInput, response: { 201: Note } },
      }, async (request, reply) => { reply.code(201); return await notes.create(request.ctx, request.body) })
    },
  },
  async seed (ctx) {
    await ctx.db('notes_notes').insert({ slug: 'seeded', text: 'from the seed' })
  },
})
`,
    'plugins/notes/src/migrations/202612070001_create_notes_notes.ts': `import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('notes_notes', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('slug', 50).notNullable()
    table.string('text', 250).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['slug'], { indexName: 'notes_notes_slug_unique' })
  })
  await knex.schema.createTable('notes_deliveries', (table) => {
    table.uuid('event_id').primary()
    table.uuid('note_id').notNullable()
  })
  await knex.schema.createTable('notes_counts', (table) => {
    table.increments('id')
    table.string('reason', 50).notNullable()
    table.integer('notes').notNullable()
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('notes_counts')
  await knex.schema.dropTable('notes_deliveries')
  await knex.schema.dropTable('notes_notes')
}
`,
  }
}
