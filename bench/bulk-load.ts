/**
 * bench/bulk: ONE measured load, run by bench/bulk.ts in its own process so that the peak RSS it
 * prints is this load's alone. Last stdout line: {"seconds":…,"rssMb":…}, seconds from the
 * command's start (after the modules loaded).
 *
 *   bulk-load.ts migrate | seed N | import FILE.csv | bare N     (DATABASE_URL, DATABASE_SCHEMA set by the parent)
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { productRows } from './bulk-csv.js'

const [kind, arg] = process.argv.slice(2)

/**
 * The baseline: the rows the import writes for `products` products (products, options,
 * variants, EUR and USD prices, images), built in memory, then sent by bare pg in one
 * transaction, one `insert … select from json_populate_recordset($1)` per table and 10k products.
 * (pg has no COPY FROM STDIN without pg-copy-streams, which is not a dependency.)
 */
async function bare (products: number): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${process.env.DATABASE_SCHEMA ?? 'public'},public` })
  await client.connect()
  const insert = async (table: string, columns: string[], rows: unknown[]): Promise<void> => {
    const list = columns.join(', ')
    await client.query(`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, $1::json)`, [JSON.stringify(rows)])
  }
  await client.query('begin')
  for (let start = 0; start < products; start += 10_000) {
    const t: Record<string, unknown[]> = { products: [], options: [], variants: [], prices: [], images: [] }
    for (let i = start; i < Math.min(products, start + 10_000); i++) {
      const rows = productRows(i)
      const first = rows[0] as string[]
      const id = randomUUID()
      t.products?.push({ id, handle: first[0], title: first[1], description: first[2], vendor: first[3], product_type: first[4], tags: ['bulk', 'bench'], status: 'published', published_at: new Date() })
      t.options?.push({ product_id: id, position: 1, name: 'Size', values: rows.map((r) => r[8]) })
      rows.forEach((r, position) => {
        const variantId = randomUUID()
        t.variants?.push({ id: variantId, product_id: id, sku: r[9], option1: r[8], position, barcode: r[13], weight_grams: Number(r[10]) })
        t.prices?.push({ variant_id: variantId, currency: 'EUR', amount: Math.round(Number(r[11]) * 100), compare_at_amount: r[12] === '' ? null : Math.round(Number(r[12]) * 100) })
        t.prices?.push({ variant_id: variantId, currency: 'USD', amount: Math.round(Number(r[17]) * 100), compare_at_amount: null })
        if (r[14] !== '') t.images?.push({ product_id: id, url: r[14], alt: r[16], position: Number(r[15]) })
      })
    }
    await insert('catalog_products', ['id', 'handle', 'title', 'description', 'vendor', 'product_type', 'tags', 'status', 'published_at'], t.products ?? [])
    await insert('catalog_product_options', ['product_id', 'position', 'name', 'values'], t.options ?? [])
    await insert('catalog_variants', ['id', 'product_id', 'sku', 'option1', 'position', 'barcode', 'weight_grams'], t.variants ?? [])
    await insert('catalog_prices', ['variant_id', 'currency', 'amount', 'compare_at_amount'], t.prices ?? [])
    await insert('catalog_images', ['product_id', 'url', 'alt', 'position'], t.images ?? [])
  }
  await client.query('commit')
  await client.end()
}

// The CLI is loaded only for the loads that use it: the bare load's time and RSS are pg's alone.
const cli = kind === 'bare' ? null : await import('../core/src/cli/main.js')
const started = performance.now()
let code = 0
if (kind === 'bare') await bare(Number(arg))
else if (cli == null) throw new Error('unreachable')
else if (kind === 'migrate') code = await cli.main(['migrate', 'up'])
else if (kind === 'seed') code = await cli.main(['seed', '--products', String(arg)])
else if (kind === 'import') code = await cli.main(['import', 'products', String(arg)])
else throw new Error(`unknown load '${kind ?? ''}'`)
const seconds = (performance.now() - started) / 1000
// maxRSS is in KiB: the peak of this process, which ran this load only.
console.log(JSON.stringify({ seconds, rssMb: process.resourceUsage().maxRSS / 1024, code }))
process.exit(code)
