import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { openDatabase, type StoreConfig } from '@comptoir/core'
import { testPostgresUrl, uniqueName } from '@comptoir/core/testing'
import catalog, { exportProductsCommand, importProductsCommand } from '@comptoir/plugin-catalog'
import { testEngines } from './helpers.js'

// The commands read the environment like the CLI does; this file states its database itself.
for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'COMPTOIR_DATA_DIR', 'REDIS_URL']) delete process.env[name]
const fixture = fileURLToPath(new URL('./fixtures/shopify-products.csv', import.meta.url))

/** A store with the catalog on a fresh database of `engine`, removed when `t` ends. */
async function storeConfig (t: Test, engine: 'embedded' | 'postgres'): Promise<StoreConfig> {
  const plugins: StoreConfig['plugins'] = [[catalog, { currencies: ['EUR', 'USD'] }]]
  if (engine === 'embedded') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'comptoir-catalog-cli-'))
    t.teardown(async () => { await rm(dataDir, { recursive: true, force: true }) })
    return { plugins, database: { dataDir } }
  }
  const schema = uniqueName('catalog_cli')
  t.teardown(async () => {
    const admin = await openDatabase({ url: testPostgresUrl(), dataDir: 'memory:', poolMax: 1 })
    await admin.knex.raw('drop schema if exists ?? cascade', [schema])
    await admin.close()
  })
  return { plugins, database: { url: testPostgresUrl(), schema, autoMigrate: true } }
}

async function comptoir (command: typeof importProductsCommand, config: StoreConfig, args: string[]) {
  const lines: string[] = []
  const code = await command.run({ args, flags: {}, config, out: (line) => lines.push(line), progress: () => {} })
  return { code, output: lines.join('\n') }
}

for (const engine of testEngines()) {
  t.test(`${engine}: comptoir export products writes a Shopify CSV that import products reads back unchanged`, async (t) => {
    const config = await storeConfig(t, engine)
    const dir = t.testdir()
    // 1. Products in the store, through the CLI import (two fixture rows are rejected on purpose).
    const imported = await comptoir(importProductsCommand, config, ['products', fixture])
    t.match(imported.output, /products 4 created/)
    // 2. The export holds every product, in the import's format.
    const file = path.join(dir, 'products.csv')
    const exported = await comptoir(exportProductsCommand, config, ['products', file])
    t.equal(exported.code, 0, exported.output)
    t.match(exported.output, /^Exported the catalog to .*products\.csv \(\d+ bytes, Shopify product CSV\)\.$/)
    const csv = await readFile(file, 'utf8')
    t.match(csv, /^Handle,Title,Body \(HTML\),/)
    t.same([...new Set(csv.split('\n').map((line) => /^([a-z-]+),/.exec(line)?.[1]).filter((h) => h != null && h !== 'no-title-product'))].sort(),
      ['gift-mug', 'linen-napkins', 'organic-tee', 'waxed-jacket'])
    // 3. Importing it again changes nothing: every product is matched, none created, none rejected.
    const again = await comptoir(importProductsCommand, config, ['products', file])
    t.equal(again.code, 0, again.output)
    t.match(again.output, /products 0 created, 4 updated; .* 0 rows rejected/)
    const second = path.join(dir, 'again.csv')
    t.equal((await comptoir(exportProductsCommand, config, ['products', second])).code, 0)
    t.equal(await readFile(second, 'utf8'), csv, 'the round trip is exact')
  })
}

t.test('comptoir export products refuses a missing file name or an unwritable folder without opening the store', async (t) => {
  const config: StoreConfig = { plugins: [catalog], database: { dataDir: '/nonexistent/never-opened' } }
  t.match(await comptoir(exportProductsCommand, config, ['products']), { code: 2, output: 'Usage: comptoir export products FILE.csv' })
  const missing = path.join(t.testdir(), 'no-such-folder', 'products.csv')
  t.match(await comptoir(exportProductsCommand, config, ['products', missing]), { code: 1, output: /^Could not write .*products\.csv \(.*ENOENT.*\): pick a file in a folder you can write to\.$/ })
})

t.test('comptoir import products names a missing file or a folder in one line, without opening the store', async (t) => {
  const config: StoreConfig = { plugins: [catalog], database: { dataDir: '/nonexistent/never-opened' } }
  const dir = t.testdir()
  t.match(await comptoir(importProductsCommand, config, ['products', path.join(dir, 'missing.csv')]), { code: 1, output: /^Cannot read '.*missing\.csv': no such file\.$/ })
  t.match(await comptoir(importProductsCommand, config, ['products', dir]), { code: 1, output: /^Cannot read '.*': it is a folder, not a CSV file\.$/ })
})
