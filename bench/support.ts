// What every HTTP bench shares: its numeric flags, the address of a listening app, a stopwatch.
import type { FastifyInstance } from 'fastify'

/** `--name N` on the command line, else `fallback`. */
export function flag (name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? fallback : Number(process.argv[at + 1])
}

/** The base URL of an app listening on 127.0.0.1. */
export function base (app: FastifyInstance): string {
  const address = app.server.address()
  return typeof address === 'object' && address != null ? `http://127.0.0.1:${address.port}` : ''
}

/** `fn`'s value and how long it took, in ms. */
export async function timed<T> (fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await fn()
  return [value, performance.now() - started]
}
