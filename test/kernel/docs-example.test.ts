import { readFileSync } from 'node:fs'
import t from 'tap'

// docs/plugins.md shows the fixture plugin as its complete example; it must not drift from the code.
const root = new URL('../../', import.meta.url)
const docs = readFileSync(new URL('docs/plugins.md', root), 'utf8')
const files = ['package.json', 'src/index.ts', 'src/config.ts', 'src/schemas.ts', 'src/errors.ts', 'src/service.ts', 'src/routes.ts', 'src/admin.ts',
  'src/migrations/202611251000_create_greetings_messages.ts']

for (const file of files) {
  t.test(`docs/plugins.md shows ${file} exactly as the fixture has it`, async (t) => {
    const source = readFileSync(new URL(`test/fixtures/plugin-greetings/${file}`, root), 'utf8').trimEnd()
    t.ok(docs.includes(`### \`${file}\`\n\n\`\`\`${file.endsWith('.json') ? 'json' : 'ts'}\n${source}\n\`\`\``), 'copy it again from the fixture')
  })
}
