import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { AddressGuard } from './address-guard.js'

/** One POST's outcome as the receiver answered it (network failures throw). */
export interface HttpAnswer { statusCode: number, headers: IncomingHttpHeaders, body: string }

export interface PostOptions {
  guard: AddressGuard
  timeoutMs: number
  maxResponseBytes: number
}

/** A timeout of the whole attempt (connect, send, headers and body). */
export class AttemptTimeoutError extends Error {
  readonly code = 'WEBHOOKS_TIMEOUT'
  constructor (ms: number) { super(`No complete answer within ${ms} ms`) }
}

/**
 * POSTs `body` without following redirects, through the guard's `lookup` (a fresh connection each
 * time, so every attempt re-checks the resolved address), reading at most `maxResponseBytes`.
 */
export async function postJson (url: URL, body: string, headers: Record<string, string>, options: PostOptions): Promise<HttpAnswer> {
  const host = options.guard.bare(url.hostname)
  return await new Promise<HttpAnswer>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      agent: false,
      lookup: options.guard.lookup,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Comptoir-Webhooks/0.1' },
    })
    const timer = setTimeout(() => request.destroy(new AttemptTimeoutError(options.timeoutMs)), options.timeoutMs)
    const fail = (error: Error): void => { clearTimeout(timer); reject(error) }
    request.on('error', fail)
    request.on('socket', (socket) => {
      // An address literal skips `lookup`: check the peer before a byte is sent.
      socket.on('connect', () => {
        const remote = socket.remoteAddress
        if (remote == null) return
        try { options.guard.checkAddress(host, remote) } catch (error) { request.destroy(error as Error) }
      })
    })
    request.on('response', (response) => {
      const chunks: Buffer[] = []
      let size = 0
      const done = (): void => {
        clearTimeout(timer)
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).subarray(0, options.maxResponseBytes).toString('utf8') })
        response.destroy()
      }
      if (options.maxResponseBytes === 0) { done(); return }
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        size += chunk.length
        if (size >= options.maxResponseBytes) { response.removeAllListeners('data'); done() }
      })
      response.on('end', done)
      response.on('error', fail)
    })
    request.end(body)
  })
}
