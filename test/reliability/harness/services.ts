// Private, throw-away PostgreSQL and Redis servers for the suite: the faults it injects (a stopped
// Redis, a restarted PostgreSQL) never touch the shared servers on 5432 and 6379.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

const asRoot = process.getuid?.() === 0

/** Runs a PostgreSQL binary, as the postgres user when the suite runs as root (initdb refuses root). */
function pgTool (args: string[], options: { allowFail?: boolean } = {}): string {
  const [command, rest] = asRoot ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0] as string, args.slice(1)]
  const result = spawnSync(command, rest, { encoding: 'utf8' })
  if (result.status !== 0 && options.allowFail !== true) {
    throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`)
  }
  return `${result.stdout}${result.stderr}`
}

/** Resolves once something listens on 127.0.0.1:port (or rejects after `ms`). */
export async function waitForPort (port: number, ms = 20_000): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port })
      socket.once('connect', () => { socket.destroy(); resolve(true) })
      socket.once('error', () => { resolve(false) })
    })
    if (open) return
    await sleep(100)
  }
  throw new Error(`nothing listens on port ${port} after ${ms} ms`)
}

export const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

export interface PrivatePostgres {
  port: number
  /** postgres://… of a database on this cluster. */
  url: (database: string) => string
  createDatabase: (name: string) => Promise<void>
  /** Stops the server at once (no checkpoint, connections cut), as a crash would. */
  stop: () => void
  start: () => Promise<void>
  destroy: () => void
}

/** initdb + pg_ctl in a temporary folder, on `port`. */
export async function startPostgres (root: string, port: number): Promise<PrivatePostgres> {
  const dir = path.join(root, 'pg')
  mkdirSync(dir)
  if (asRoot) {
    const { uid, gid } = userIds('postgres')
    chownSync(root, uid, gid)
    chownSync(dir, uid, gid)
  }
  const bin = pgBin()
  pgTool([path.join(bin, 'initdb'), '-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`
  const start = async (): Promise<void> => {
    pgTool([path.join(bin, 'pg_ctl'), '-D', dir, '-l', path.join(dir, 'server.log'), '-o', options, '-w', 'start'])
    await waitForPort(port)
  }
  await start()
  const url = (database: string): string => `postgres://postgres@127.0.0.1:${port}/${database}`
  return {
    port,
    url,
    async createDatabase (name) {
      const client = new pg.Client({ connectionString: url('postgres') })
      await client.connect()
      try { await client.query(`create database "${name}"`) } finally { await client.end() }
    },
    stop () { pgTool([path.join(bin, 'pg_ctl'), '-D', dir, '-m', 'immediate', '-w', 'stop']) },
    start,
    destroy () { pgTool([path.join(bin, 'pg_ctl'), '-D', dir, '-m', 'immediate', '-w', 'stop'], { allowFail: true }) },
  }
}

function pgBin (): string {
  const found = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' })
  return found.status === 0 ? found.stdout.trim() : path.dirname(spawnSync('which', ['initdb'], { encoding: 'utf8' }).stdout.trim())
}

function userIds (name: string): { uid: number, gid: number } {
  const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim())
  const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim())
  return { uid, gid }
}

export interface PrivateRedis {
  port: number
  url: string
  /** SHUTDOWN (the append-only file keeps the queues), then the process is gone. */
  stop: () => Promise<void>
  start: () => Promise<void>
  destroy: () => void
}

/** redis-server on `port`, persisting to an append-only file so a stop loses no queued job. */
export async function startRedis (root: string, port: number): Promise<PrivateRedis> {
  const dir = path.join(root, 'redis')
  mkdirSync(dir, { recursive: true })
  let child: ChildProcess | null = null
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'], { stdio: 'ignore' })
    await waitForPort(port)
  }
  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop () {
      const exited = new Promise<void>((resolve) => { child?.once('exit', () => { resolve() }) })
      child?.kill('SIGTERM')
      await exited
      child = null
    },
    start,
    destroy () { child?.kill('SIGKILL') },
  }
}

/** A fresh temporary folder for one run of the suite. */
export function tempRoot (): { root: string, remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'comptoir-reliability-'))
  return { root, remove: () => { rmSync(root, { recursive: true, force: true }) } }
}
