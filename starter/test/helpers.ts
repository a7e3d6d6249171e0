import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'

export const bin = fileURLToPath(new URL('../bin/create-comptoir.js', import.meta.url))
export const workspaceRoot = fileURLToPath(new URL('../../', import.meta.url))

export interface TestLike { teardown: (fn: () => unknown) => void, comment: (message: string) => void }

export interface RunResult { code: number | null, stdout: string, stderr: string }

/** Runs the real create-comptoir bin as a child process; `input` is piped to its stdin. */
export async function runCli (args: readonly string[], options: { cwd: string, input?: string, env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  child.stdin.end(options.input ?? '')
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (exit) => { resolve(exit) })
  })
  return { code, stdout, stderr }
}

/** A fresh temporary folder, removed when the test ends. */
export async function tempDir (t: TestLike, prefix = 'create-comptoir-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  return dir
}

/** Runs create-comptoir's main() in this process (same code as the bin, no process start-up). */
export async function runMain (args: readonly string[], options: { cwd: string, input?: string }): Promise<RunResult> {
  const { main } = await import('../src/main.js')
  let stdout = ''
  let stderr = ''
  const sink = (write: (chunk: string) => void): Writable => new Writable({ write (chunk: Buffer, _encoding, done) { write(chunk.toString('utf8')); done() } })
  const code = await main(args, {
    cwd: options.cwd,
    stdin: Readable.from(options.input == null ? [] : [options.input]),
    stdout: sink((c) => { stdout += c }),
    stderr: sink((c) => { stderr += c }),
  })
  return { code, stdout, stderr }
}
