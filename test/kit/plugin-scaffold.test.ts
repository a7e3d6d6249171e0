import t from 'tap'
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { checkPlugin } from '../../core/src/cli/commands/plugin-check.js'
import { repoRoot, scratchFolder, writeFiles } from './scratch.js'

// `comptoir plugin new` (#23): the package it writes passes its own tests (both engines, on the
// harness), its type-check and `comptoir plugin check` with no edit.
const run = promisify(execFile)
const root = scratchFolder(t, 'scaffold')
const cli = path.join(repoRoot, 'core', 'src', 'cli', 'main.ts')
const node = ['--conditions=comptoir-source', '--import=tsx']

async function comptoir (cwd: string, ...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...node, cli, ...args], { cwd, env: { ...process.env, NODE_ENV: 'test' } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number, stdout: string, stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const plugin = path.join(root, 'comptoir-plugin-gift-cards')
const created = await comptoir(root, 'plugin', 'new', 'gift-cards')

t.test('plugin new writes a publishable package', async (t) => {
  t.equal(created.code, 0, created.stderr)
  t.match(created.stdout, /Created comptoir-plugin-gift-cards\/ \(\d+ files\)/)
  const pkg = JSON.parse(readFileSync(path.join(plugin, 'package.json'), 'utf8'))
  t.match(pkg, { name: 'comptoir-plugin-gift-cards', type: 'module', keywords: ['comptoir-plugin'], peerDependencies: { '@comptoir/core': '^0.1.0' }, scripts: { test: 'tap', build: String } })
  for (const file of ['README.md', 'tsconfig.json', '.gitignore', 'src/index.ts', 'src/config.ts', 'src/schemas.ts', 'src/errors.ts', 'src/events.ts', 'src/service.ts', 'src/routes/store.ts', 'src/routes/admin.ts', 'src/jobs/archive-item.ts', 'src/subscribers/record-created-item.ts', 'test/gift-cards.test.ts']) {
    t.ok(existsSync(path.join(plugin, file)), file)
  }
  t.match(readFileSync(path.join(plugin, 'src/index.ts'), 'utf8'), /name: 'gift-cards'[\s\S]*giftCards: createGiftCardsService[\s\S]*'gift-cards:write'/)
  t.match(readFileSync(path.join(plugin, 'README.md'), 'utf8'), /GIFT_CARDS_SLUG_TAKEN/)
  const again = await comptoir(root, 'plugin', 'new', 'gift-cards')
  t.equal(again.code, 1, 'a second run does not overwrite')
  t.match(again.stderr, /exists and is not empty/)
  t.equal((await comptoir(root, 'plugin', 'new', 'Bad_Name')).code, 1, 'an invalid name is refused')
})

t.test('the scaffolded plugin passes its own tests, its type-check and plugin check', async (t) => {
  const [tests, types, check] = await Promise.allSettled([
    run(process.execPath, [...node, path.join(plugin, 'test', 'gift-cards.test.ts')], { cwd: plugin, maxBuffer: 16 * 1024 * 1024 }),
    run(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(plugin, 'tsconfig.json'), '--customConditions', 'comptoir-source'], { cwd: plugin }),
    checkPlugin(plugin),
  ])
  t.equal(tests.status, 'fulfilled', tests.status === 'rejected' ? String((tests.reason as { stdout: string }).stdout).slice(-4000) : 'tests pass')
  if (tests.status === 'fulfilled') t.match(tests.value.stdout, /# \{ total: \d+, pass: \d+ \}|ok \d+ - postgres/)
  t.equal(types.status, 'fulfilled', types.status === 'rejected' ? String((types.reason as { stdout: string }).stdout) : 'types check')
  t.equal(check.status, 'fulfilled')
  if (check.status === 'fulfilled') {
    t.same(check.value.filter((r) => r.level !== 'ok'), [], 'every check passes')
    t.match(check.value.find((r) => r.check === 'boot')?.detail ?? '', /routes, schemas and permissions accepted/)
  }
})

t.test('plugin new inside a store writes a local plugin in ./plugins/<name>/', async (t) => {
  const store = path.join(root, 'store')
  writeFiles(store, { 'package.json': '{ "type": "module", "private": true }', 'comptoir.config.ts': "import { defineConfig } from '@comptoir/core'\nexport default defineConfig({ plugins: [] })\n" })
  const res = await comptoir(store, 'plugin', 'new', 'wishes')
  t.equal(res.code, 0, res.stderr)
  t.ok(existsSync(path.join(store, 'plugins', 'wishes', 'src', 'index.ts')))
  t.match(res.stdout, /import wishes from '\.\/plugins\/wishes\/src\/index\.js'/)
  // The store's config now imports and lists it (the starter's config shape: imports, then the array).
  const config = readFileSync(path.join(store, 'comptoir.config.ts'), 'utf8')
  t.match(config, /^import wishes from '\.\/plugins\/wishes\/src\/index\.js'$/m)
  t.match(config, /plugins: \[wishes\]/)
  const again = await comptoir(store, 'plugin', 'new', 'gifts')
  t.equal(again.code, 0, again.stderr)
  t.match(readFileSync(path.join(store, 'comptoir.config.ts'), 'utf8'), /plugins: \[wishes,\n\s+gifts,\n\s*\]/)
})

t.test('adding to a starter-shaped config keeps the existing plugins and comments', async (t) => {
  const { addPluginToConfig } = await import('../../core/src/cli/commands/store-config-edit.js')
  const file = path.join(root, 'starter-config.ts')
  writeFiles(root, { 'starter-config.ts': "import { defineConfig } from '@comptoir/core'\nimport catalog from '@comptoir/plugin-catalog'\nimport orders from '@comptoir/plugin-orders'\n\nexport default defineConfig({\n  // In dependency order [not a bracket]\n  plugins: [\n    catalog,\n    [orders, { note: ']' }],\n  ],\n  seed: () => {},\n})\n" })
  t.equal(addPluginToConfig(file, 'wishes', './plugins/wishes/src/index.js'), true)
  t.equal(readFileSync(file, 'utf8'), "import { defineConfig } from '@comptoir/core'\nimport catalog from '@comptoir/plugin-catalog'\nimport orders from '@comptoir/plugin-orders'\nimport wishes from './plugins/wishes/src/index.js'\n\nexport default defineConfig({\n  // In dependency order [not a bracket]\n  plugins: [\n    catalog,\n    [orders, { note: ']' }],\n    wishes,\n  ],\n  seed: () => {},\n})\n")
  t.equal(addPluginToConfig(file, 'wishes', './plugins/wishes/src/index.js'), true, 'a second time changes nothing')
  t.equal((readFileSync(file, 'utf8').match(/wishes/g) ?? []).length, 3)
  writeFiles(root, { 'odd-config.ts': "export default makeConfig()\n" })
  t.equal(addPluginToConfig(path.join(root, 'odd-config.ts'), 'wishes', './x.js'), false, 'no plugins array: left alone')
})
