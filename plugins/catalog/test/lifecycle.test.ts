import { fileURLToPath } from 'node:url'
import t from 'tap'
import { migrateDown, migrateUp, runSeed, systemActor } from '@comptoir/core'
import { createTestDatabases, testPostgresUrl } from '@comptoir/core/testing'
import catalog, { generateCatalog, importProductsCommand, seedCatalog, type StoreProduct } from '@comptoir/plugin-catalog'
import { catalogApp, count, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)
const fixturePath = fileURLToPath(new URL('./fixtures/shopify-products.csv', import.meta.url))

for (const engine of testEngines()) {
  t.test(`${engine}: the migrations apply, roll back and apply again; similarity() works`, async (t) => {
    const { app } = await catalogApp(dbs, t, engine)
    const knex = app.comptoir.database.knex
    t.same(await knex('comptoir_migrations_catalog').orderBy('name').pluck('name'), [
      '202611260900_create_catalog_products', '202611260901_create_catalog_prices', '202611260902_create_catalog_categories',
      '202611260903_create_catalog_search', '202611260904_create_catalog_imports',
    ])
    const { rows } = await knex.raw("select similarity('sweater', 'sweter') as s") as { rows: Array<{ s: number }> }
    t.ok(Number(rows[0]?.s) > 0.3)
    const owners = [{ name: 'catalog', folder: catalog.migrations as URL }]
    await migrateDown(knex, owners)
    t.notOk(await knex.schema.hasTable('catalog_products'), 'down drops the tables')
    await migrateUp(knex, owners)
    t.ok(await knex.schema.hasTable('catalog_search_words'), 'up creates them again')
  })

  t.test(`${engine}: the demo seed, the generator and seed --products fill a realistic catalog`, async (t) => {
    const { app } = await catalogApp(dbs, t, engine)
    await runSeed(app)
    const list = (await app.inject({ url: '/store/products?sort=title-asc' })).json<{ items: Array<{ handle: string }> }>()
    t.same(list.items.map((p) => p.handle), ['canvas-tote-bag', 'merino-wool-sweater', 'organic-cotton-t-shirt', 'stoneware-mug', 'waxed-canvas-jacket'])
    const tee = (await app.inject({ url: '/store/products/organic-cotton-t-shirt?currency=USD' })).json<StoreProduct>()
    t.equal(tee.variants.length, 8)
    t.ok(tee.variants.every((v) => v.price?.currency === 'USD' && v.price.amount > 0))
    t.equal((await app.inject({ url: '/store/products?collection=featured' })).json().items.length, 3)
    t.equal((await app.inject({ url: '/store/products?category=apparel' })).json().items.length, 3, 'the category tree is seeded')

    const ctx = app.comptoir.systemCtx(systemActor)
    const before = await count(app, 'catalog_products')
    const generated = await generateCatalog(ctx, app.services, { products: 60, seed: 7 })
    t.equal(generated.products, 60)
    t.equal(await count(app, 'catalog_products'), before + 60)
    const stats = (await app.comptoir.database.knex.raw("select reltuples from pg_class where oid = to_regclass('catalog_variants')")).rows[0] as { reltuples: number }
    t.equal(Number(stats.reltuples), await count(app, 'catalog_variants'), 'the generator leaves fresh planner statistics')
    t.ok(generated.variants >= 60 && generated.variants <= 360, `${generated.variants} variants`)
    const missing = await app.comptoir.database.knex('catalog_variants as v')
      .whereNotExists((q) => { void q.from('catalog_prices as p').whereRaw('p.variant_id = v.id').where('p.currency', 'USD') }).count({ n: '*' })
    t.equal(Number(missing[0]?.n), 0, 'every variant has a USD price')
    t.ok(await count(app, 'catalog_images') >= before + 60)
    const found = (await app.inject({ url: '/store/search?q=sweter' })).json<{ items: unknown[] }>()
    t.ok(found.items.length > 0, 'generated products are searchable')
    await seedCatalog(ctx, app, { flags: { products: '15', seed: '8' } })
    t.equal(await count(app, 'catalog_products'), before + 75, 'seed --products N generates N more')
  })
}

if (testEngines().includes('postgres')) {
  t.test('postgres: `comptoir import products FILE.csv` imports with a progress bar and reports rejected rows', async (t) => {
    const database = await dbs.open(t, 'postgres')
    const { rows } = await database.knex.raw('select current_schema() as schema') as { rows: Array<{ schema: string }> }
    await database.close()
    const out: string[] = []
    const progress: string[] = []
    const config = { plugins: [catalog], database: { url: testPostgresUrl(), schema: rows[0]?.schema, autoMigrate: true }, log: { level: 'silent' as const } }
    const input = { flags: {}, config, out: (line: string) => { out.push(line) }, progress: (line: string) => { progress.push(line) } }
    const code = await importProductsCommand.run({ ...input, args: ['products', fixturePath] })
    t.equal(code, 1, 'some rows were rejected')
    t.match(out[0], /: completed\. 11 rows; products 4 created, 0 updated; variants 8 created, 0 updated; 2 rows rejected\./)
    t.match(out.slice(1), ['  row 8 (Variant Price): \'19O.00\' is not a price in EUR (at most 2 decimals)', /row 10 \(Title\)/])
    t.match(progress[progress.length - 1], /\[#{30}\] 100%/)
    t.equal(await importProductsCommand.run({ ...input, args: ['things'] }), 2)
    t.same(catalog.commands?.map((c) => c.name), ['import', 'export'])
  })
}
