/**
 * Kernel overhead and cold start.
 *   node --conditions=comptoir-source --import tsx bench/kernel.ts [--connections 50] [--duration 10]
 *     [--rounds 2] [--cold-runs 3] [--profile]      (--rounds 0 or --cold-runs 0 skips a part)
 *
 * 1. Throughput: a bare Fastify app and a Comptoir app serve the same trivial route; each runs in
 *    its own child process (so the load generator, here, does not share its event loop) and is hit
 *    by autocannon with the same settings, after a warm-up, in alternating order. Besides req/s and
 *    latency it prints each server's CPU time per request, which a busy machine distorts less.
 *    --profile writes a CPU profile of each server, taken from listening to close.
 * 2. Cold start: from spawning `node` to a listening app with the kernel, every workspace plugin
 *    and the fixture plugin, on a fresh embedded data folder; then again on that folder (no migrations).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import inspector from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Fastify, { type FastifyInstance } from 'fastify'
import { buildApp, definePlugin, openDatabase, Type, type PluginManifest } from '@comptoir/core'

const self = fileURLToPath(import.meta.url)
const root = path.resolve(path.dirname(self), '..')
const nodeFlags = ['--conditions=comptoir-source', '--import', 'tsx']
const route = '/store/bench/ping'
const PingReply = Type.Object({ ok: Type.Boolean() })

type Target = 'bare' | 'kernel'
type Phase = 'imported' | 'opened' | 'ready'
type Message = { port: number } | { cpuMicros: number } | { phase: Phase, at: number, plugins?: string[] }

// ---- child roles ----------------------------------------------------------------------------

async function startBare (): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  app.get(route, { schema: { response: { 200: PingReply } } }, async () => ({ ok: true }))
  return app
}

async function startKernel (): Promise<FastifyInstance> {
  const bench = definePlugin({
    name: 'bench',
    routes: {
      store: async (app) => {
        app.get('/bench/ping', { schema: { tags: ['bench'], operationId: 'ping', response: { 200: PingReply } } }, async () => ({ ok: true }))
      },
    },
  })
  return await buildApp({
    env: false,
    logger: false,
    config: {
      plugins: [bench],
      database: { dataDir: 'memory:' },
      log: { level: 'silent' },
      http: { rateLimit: { max: 1_000_000_000 } },
    },
  })
}

/**
 * Serves one target on an ephemeral port until the parent disconnects. With a profile folder,
 * CPU is profiled from listening to disconnect only (boot would drown the request path) and
 * the database queries run meanwhile are counted.
 */
async function serve (target: Target, profileDir?: string): Promise<void> {
  const app = target === 'bare' ? await startBare() : await startKernel()
  await app.listen({ host: '127.0.0.1', port: 0 })
  let queries = 0
  if (target === 'kernel') app.comptoir.database.knex.on('query', () => { queries++ })
  const session = profileDir != null ? new inspector.Session() : null
  if (session != null) {
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  // The parent asks for the CPU this process spent between two marks (the measured run).
  let mark = process.cpuUsage()
  process.on('message', (m: string) => {
    if (m === 'mark') mark = process.cpuUsage()
    if (m === 'cpu') {
      const used = process.cpuUsage(mark)
      process.send?.({ cpuMicros: used.user + used.system } satisfies Message)
    }
  })
  const address = app.server.address()
  process.send?.({ port: typeof address === 'object' && address != null ? address.port : 0 } satisfies Message)
  process.on('disconnect', () => {
    void (async () => {
      if (session != null && profileDir != null) {
        const { profile } = await session.post('Profiler.stop')
        writeFileSync(path.join(profileDir, `${target}-${process.pid}.cpuprofile`), JSON.stringify(profile))
        console.log(`  (${target} server ran ${queries} database queries while profiled)`)
      }
      await app.close()
      process.exit(0)
    })()
  })
}

/** Manifests of the plugins under plugins/* that load, plus the fixture plugin. */
async function workspacePlugins (): Promise<PluginManifest<any>[]> {
  const names: string[] = []
  for (const dir of readdirSync(path.join(root, 'plugins'), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue
    try {
      names.push((JSON.parse(readFileSync(path.join(root, 'plugins', dir.name, 'package.json'), 'utf8')) as { name: string }).name)
    } catch {}
  }
  names.push('@comptoir-fixtures/plugin-greetings')
  const manifests: PluginManifest<any>[] = []
  for (const name of names) {
    try {
      const module = await import(name) as { default?: PluginManifest<any> }
      if (module.default?.name != null) manifests.push(module.default)
      else console.error(`  (skipped ${name}: no manifest as default export)`)
    } catch (error) {
      console.error(`  (skipped ${name}: ${(error as Error).message.split('\n')[0]})`)
    }
  }
  return manifests
}

/**
 * Boots a store on `dataDir` and reports each phase: imports done, database open (PGlite creates
 * a fresh folder here), then migrations + assembly + listening. The database is opened with core's
 * public `openDatabase`, as buildApp would, so that phase can be timed on its own.
 */
async function coldStart (dataDir: string): Promise<void> {
  const phase = (name: Phase): void => { process.send?.({ phase: name, at: performance.now() } satisfies Message) }
  const plugins = await workspacePlugins()
  phase('imported')
  const database = await openDatabase({ dataDir, poolMax: 10 })
  phase('opened')
  const app = await buildApp({ env: false, logger: false, database, migrate: true, config: { plugins, log: { level: 'silent' } } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  process.send?.({ phase: 'ready', at: performance.now(), plugins: plugins.map((p) => p.name) } satisfies Message)
  await app.close()
  await database.close()
  process.disconnect?.()
}

// ---- parent ---------------------------------------------------------------------------------

function spawnSelf (args: string[], execArgv: string[] = []): ChildProcess {
  return fork(self, args, { execArgv: [...nodeFlags, ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
}

interface Server { url: string, mark: () => void, cpuMicros: () => Promise<number>, stop: () => Promise<void> }

async function startServer (target: Target, profileDir?: string): Promise<Server> {
  const child = spawnSelf(['serve', target, ...(profileDir != null ? [profileDir] : [])])
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: Message) => { if ('port' in m) resolve(m.port) })
    child.once('exit', (code) => reject(new Error(`${target} server exited with ${code}`)))
  })
  return {
    url: `http://127.0.0.1:${port}${route}`,
    mark: () => { child.send('mark') },
    cpuMicros: async () => await new Promise<number>((resolve) => {
      const onMessage = (m: Message): void => { if ('cpuMicros' in m) { child.off('message', onMessage); resolve(m.cpuMicros) } }
      child.on('message', onMessage)
      child.send('cpu')
    }),
    stop: async () => await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.disconnect() }),
  }
}

interface Figures { rps: number, p50: number, p99: number, cpuPerRequest: number, non2xx: number, errors: number }

async function hit (server: Server, connections: number, duration: number): Promise<Figures> {
  server.mark()
  const result = await autocannon({ url: server.url, connections, duration, pipelining: 1 })
  const cpu = await server.cpuMicros()
  return {
    rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99,
    cpuPerRequest: cpu / Math.max(1, result.requests.total), non2xx: result.non2xx, errors: result.errors,
  }
}

async function throughput (options: { connections: number, duration: number, rounds: number, profile: boolean }): Promise<void> {
  if (options.rounds < 1) return
  console.log(`Throughput: GET ${route}, ${options.connections} connections, ${options.duration} s per run, ${options.rounds} rounds (warm-up 3 s each)`)
  const runs: Record<Target, Figures[]> = { bare: [], kernel: [] }
  const profileDir = options.profile ? mkdtempSync(path.join(tmpdir(), 'comptoir-prof-')) : undefined
  for (let round = 0; round < options.rounds; round++) {
    const order: Target[] = round % 2 === 0 ? ['bare', 'kernel'] : ['kernel', 'bare']
    for (const target of order) {
      const server = await startServer(target, profileDir)
      await hit(server, options.connections, 3)
      const figures = await hit(server, options.connections, options.duration)
      await server.stop()
      runs[target].push(figures)
      console.log(`  round ${round + 1} ${target.padEnd(6)} ${figures.rps.toFixed(0).padStart(7)} req/s  p50 ${figures.p50} ms  p99 ${figures.p99} ms  server CPU ${figures.cpuPerRequest.toFixed(0)} µs/req${figures.non2xx + figures.errors > 0 ? `  (${figures.non2xx} non-2xx, ${figures.errors} errors)` : ''}`)
    }
  }
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length
  const summary = (target: Target): Figures => ({
    rps: mean(runs[target].map((r) => r.rps)), p50: mean(runs[target].map((r) => r.p50)), p99: mean(runs[target].map((r) => r.p99)),
    cpuPerRequest: mean(runs[target].map((r) => r.cpuPerRequest)),
    non2xx: runs[target].reduce((a, r) => a + r.non2xx, 0), errors: runs[target].reduce((a, r) => a + r.errors, 0),
  })
  const bare = summary('bare')
  const kernel = summary('kernel')
  for (const [name, f] of [['bare Fastify', bare], ['Comptoir', kernel]] as const) {
    console.log(`  ${name.padEnd(12)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${f.p50.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  server CPU ${f.cpuPerRequest.toFixed(0)} µs/req`)
  }
  const ratio = kernel.rps / bare.rps
  console.log(`  ratio kernel/bare: ${ratio.toFixed(3)} req/s (goal >= 0.85) ${ratio >= 0.85 ? 'OK' : 'BELOW GOAL'}`)
  // On a busy or small machine the load generator can cap the bare server; CPU per request cannot be capped.
  console.log(`  ratio by server CPU per request (bare/kernel): ${(bare.cpuPerRequest / kernel.cpuPerRequest).toFixed(3)}`)
  if (profileDir != null) console.log(`  CPU profiles (from listening to close): ${profileDir}`)
}

interface Boot { total: number, phases: Partial<Record<Phase, number>>, plugins: string[] }

async function bootOnce (dataDir: string): Promise<Boot> {
  const started = performance.now()
  const child = spawnSelf(['cold-start', dataDir])
  const phases: Boot['phases'] = {}
  return await new Promise((resolve, reject) => {
    child.on('message', (m: Message) => {
      if (!('phase' in m)) return
      phases[m.phase] = m.at
      if (m.phase === 'ready') resolve({ total: performance.now() - started, phases, plugins: m.plugins ?? [] })
    })
    child.once('exit', (code) => { if (code !== 0) reject(new Error(`cold start exited with ${code}`)) })
  })
}

/** Phases on the child's clock (from its process start): imports, database open, migrate + assemble + listen. */
function breakdown ({ phases }: Boot): string {
  const at = (p: Phase): number => phases[p] ?? 0
  return `imports ${at('imported').toFixed(0)}, open database ${(at('opened') - at('imported')).toFixed(0)}, migrate+assemble+listen ${(at('ready') - at('opened')).toFixed(0)} ms`
}

async function coldStarts (runs: number): Promise<void> {
  if (runs < 1) return
  console.log(`Cold start: spawn -> listening, ${runs} runs`)
  const fresh: number[] = []
  const again: number[] = []
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'comptoir-cold-'))
    try {
      const first = await bootOnce(dataDir)
      const second = await bootOnce(dataDir)
      if (i === 0) console.log(`  plugins: ${first.plugins.join(', ')}`)
      console.log(`  run ${i + 1}: fresh folder ${first.total.toFixed(0)} ms (${breakdown(first)})`)
      console.log(`         existing folder ${second.total.toFixed(0)} ms (${breakdown(second)})`)
      fresh.push(first.total)
      again.push(second.total)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
  console.log(`  median: fresh folder ${median(fresh).toFixed(0)} ms, existing folder ${median(again).toFixed(0)} ms`)
}

const [role, arg] = process.argv.slice(2)
if (role === 'serve') {
  await serve(arg as Target, process.argv[4])
} else if (role === 'cold-start') {
  await coldStart(arg)
} else {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '2' },
      'cold-runs': { type: 'string', default: '3' },
      profile: { type: 'boolean', default: false },
    },
  })
  await throughput({ connections: Number(values.connections), duration: Number(values.duration), rounds: Number(values.rounds), profile: values.profile })
  await coldStarts(Number(values['cold-runs']))
}
