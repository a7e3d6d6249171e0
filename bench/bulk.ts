/**
 * bench/bulk: `comptoir seed --products N` and `comptoir import products FILE.csv` (a generated
 * Shopify CSV of N products × 3 variants, 2 images each) on the demo store config, against the
 * same rows loaded by bare pg, in the same run, on PostgreSQL.
 *
 *   node --conditions=comptoir-source --import tsx bench/bulk.ts [--products 10000,100000]
 *
 * Each load runs in its own child process (bench/bulk-load.ts) on a fresh, migrated schema of
 * DATABASE_URL (else the local `test` database), so its peak RSS is its own. Seed and import times
 * are the child's wall time, process start and app boot included, as a user sees them; bare pg's is
 * its load alone (connect to commit), the limit. Prints times, ratios to bare and peak RSS;
 * goals: seed 10k < 15 s, import 10k < 20 s and 100k < 200 s, import RSS within 20 % from 10k to 100k.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { writeCsv } from './bulk-csv.js'

const at = process.argv.indexOf('--products')
const sizes = (at === -1 ? '10000,100000' : String(process.argv[at + 1])).split(',').map(Number)
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const root = fileURLToPath(new URL('..', import.meta.url))
const loader = fileURLToPath(new URL('./bulk-load.ts', import.meta.url))

/** Wall time of the child (process start included), its own time from the command's start, its peak RSS. */
interface Load { seconds: number, inner: number, rssMb: number }

/** Runs one load in a child process on `schema`; resolves to its wall time and peak RSS. */
async function load (schema: string, args: string[]): Promise<Load> {
  const started = performance.now()
  const child = spawn(process.execPath, [...process.execArgv, loader, ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: url, DATABASE_SCHEMA: schema, COMPTOIR_AUTO_MIGRATE: '0' }, stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)))
  const seconds = (performance.now() - started) / 1000
  const last = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { seconds?: number, rssMb?: number }
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}:\n${out.slice(-2000)}`)
  return { seconds, inner: last.seconds ?? NaN, rssMb: last.rssMb ?? NaN }
}

/** A fresh schema with every migration of the demo store applied (not timed). */
async function freshSchema (admin: pg.Client, name: string): Promise<string> {
  await admin.query(`drop schema if exists ${name} cascade`)
  await admin.query(`create schema ${name}`)
  await load(name, ['migrate'])
  return name
}

async function main (): Promise<void> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const dir = await mkdtemp(path.join(tmpdir(), 'comptoir-bulk-'))
  const results: Array<{ n: number, bare: Load, seed: Load, importing: Load, mb: number }> = []
  const tag = Date.now().toString(36)
  try {
    for (const n of sizes) {
      const file = path.join(dir, `products-${n}.csv`)
      const bytes = await writeCsv(file, n)
      const run = async (kind: string, args: string[]): Promise<Load> => {
        const schema = await freshSchema(admin, `bench_bulk_${kind}_${n}_${tag}`)
        try {
          return await load(schema, args)
        } finally {
          await admin.query(`drop schema if exists ${schema} cascade`)
        }
      }
      const bare = await run('bare', ['bare', String(n)])
      const importing = await run('import', ['import', file])
      const seed = await run('seed', ['seed', String(n)])
      results.push({ n, bare, seed, importing, mb: bytes / 1e6 })
      await rm(file)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
    await admin.end()
  }
  console.log(`bulk loads on PostgreSQL, demo store config, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`)
  console.log('  products  CSV       bare pg (json) import products (boot)        ratio  seed --products (boot)        ratio')
  for (const r of results) {
    const fmt = (l: Load): string => `${l.seconds.toFixed(1).padStart(6)} s (${(l.seconds - l.inner).toFixed(1)} s) ${l.rssMb.toFixed(0).padStart(4)} MB`
    console.log(`  ${String(r.n).padStart(8)}  ${r.mb.toFixed(1).padStart(5)} MB ${r.bare.inner.toFixed(1).padStart(6)} s         ${fmt(r.importing)} ×${(r.importing.seconds / r.bare.inner).toFixed(1).padStart(5)}   ${fmt(r.seed)} ×${(r.seed.seconds / r.bare.inner).toFixed(1).padStart(5)}`)
  }
  const [small, large] = [results[0], results[results.length - 1]]
  if (small != null && large != null && small !== large) {
    console.log(`  import peak RSS ${large.n} vs ${small.n}: ${((large.importing.rssMb / small.importing.rssMb - 1) * 100).toFixed(0)} % (goal within 20 %)`)
  }
  console.log('  goals: seed 10k < 15 s; import 10k < 20 s, 100k < 200 s (wall, process start and boot included; × is the ratio to bare pg)')
}

await main()
