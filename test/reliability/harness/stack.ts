// The scale-out topology under test: one PostgreSQL database, one Redis, 2 API processes
// (`comptoir start --no-jobs`) and 2 workers (`comptoir worker`), all from the built output.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startPostgres, startRedis, sleep, tempRoot, type PrivatePostgres, type PrivateRedis } from './services.js'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const cli = path.join(repo, 'core/bin/comptoir.js')
const storeConfig = path.join(repo, 'test/reliability/store/comptoir.config.ts')

export interface Proc {
  name: string
  child: ChildProcess
  log: string
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>
}

export interface Stack {
  root: string
  postgres: PrivatePostgres
  redis: PrivateRedis
  databaseUrl: string
  /** Base URLs of the two APIs. */
  apis: string[]
  workers: Proc[]
  servers: Proc[]
  env: NodeJS.ProcessEnv
  /** Starts another worker (after one was killed); it joins `workers`. */
  startWorker: (name: string) => Promise<Proc>
  /** The last lines of every process's log (printed when a scenario fails). */
  logTails: (lines?: number) => string
  stop: () => Promise<void>
}

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => { resolve(port) })
    })
  })
}

function runCli (args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, [cli, ...args, '--config', storeConfig], { cwd: repo, env, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`comptoir ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`)
  return result.stdout
}

function spawnCli (root: string, name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const log = path.join(root, `${name}.log`)
  const fd = openSync(log, 'a')
  const child = spawn(process.execPath, [cli, ...args, '--config', storeConfig], { cwd: repo, env, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  const exited = new Promise<number | string>((resolve) => { child.once('exit', (code, signal) => { resolve(code ?? signal ?? -1) }) })
  return { name, child, log, exited }
}

async function waitForLine (proc: Proc, pattern: RegExp, ms: number): Promise<void> {
  const until = Date.now() + ms
  let exited = false
  void proc.exited.then(() => { exited = true })
  while (Date.now() < until) {
    if (pattern.test(readFileSync(proc.log, 'utf8'))) return
    if (exited) break
    await sleep(100)
  }
  throw new Error(`${proc.name} did not print ${String(pattern)} (${exited ? 'it exited' : `in ${ms} ms`}):\n${tail(proc.log, 30)}`)
}

function tail (file: string, lines: number): string {
  try { return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') } catch { return '' }
}

/** Creates the database, migrates and seeds it, then starts the 2 APIs and the 2 workers. */
export async function startStack (options: { pgPort?: number, redisPort?: number } = {}): Promise<Stack> {
  const { root, remove } = tempRoot()
  const postgres = await startPostgres(root, options.pgPort ?? 5440)
  let redis: PrivateRedis | null = null
  const procs: Proc[] = []
  try {
    redis = await startRedis(root, options.redisPort ?? 6390)
    const database = `reliability_${Date.now().toString(36)}`
    await postgres.createDatabase(database)
    const databaseUrl = postgres.url(database)
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      COMPTOIR_QUEUE_PREFIX: `reliability-${process.pid}-${Date.now().toString(36)}`,
      LOG_LEVEL: process.env.RELIABILITY_LOG_LEVEL ?? 'warn',
      LOG_PRETTY: 'false',
      NODE_OPTIONS: '',
    }
    runCli(['migrate', 'up'], env)
    runCli(['seed'], env)
    const ports = [await freePort(), await freePort()]
    const servers = ports.map((port, i) => spawnCli(root, `api-${i + 1}`, ['start', '--no-jobs'], { ...env, PORT: String(port) }))
    procs.push(...servers)
    const workers: Proc[] = []
    const startWorker = async (name: string): Promise<Proc> => {
      const worker = spawnCli(root, name, ['worker'], env)
      procs.push(worker)
      workers.push(worker)
      await waitForLine(worker, /worker is up/, 60_000)
      return worker
    }
    await Promise.all([
      ...servers.map(async (s) => { await waitForLine(s, /Comptoir is up/, 60_000) }),
      startWorker('worker-1'),
      startWorker('worker-2'),
    ])
    const stack: Stack = {
      root, postgres, redis, databaseUrl, env, workers, servers, startWorker,
      apis: ports.map((port) => `http://127.0.0.1:${port}`),
      logTails: (lines = 15) => procs.map((p) => `--- ${p.name}\n${tail(p.log, lines)}`).join('\n'),
      async stop () {
        for (const p of procs) if (p.child.exitCode == null && p.child.signalCode == null) p.child.kill('SIGTERM')
        await Promise.race([Promise.all(procs.map(async (p) => await p.exited)), sleep(15_000)])
        for (const p of procs) if (p.child.exitCode == null && p.child.signalCode == null) p.child.kill('SIGKILL')
        redis?.destroy()
        postgres.destroy()
        if (process.env.RELIABILITY_KEEP !== '1') remove()
      },
    }
    return stack
  } catch (error) {
    for (const p of procs) p.child.kill('SIGKILL')
    redis?.destroy()
    postgres.destroy()
    process.stderr.write(procs.map((p) => `--- ${p.name}\n${tail(p.log, 30)}`).join('\n'))
    throw error
  }
}
