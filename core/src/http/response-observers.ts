import type { FastifyInstance } from 'fastify'

/** One answered request, as a response observer sees it. */
export interface ResponseSample {
  method: string
  /** The route's pattern (`/store/products/:handle`), or null when no route matched. */
  route: string | null
  statusCode: number
  durationMs: number
  /** When the response finished (epoch ms). */
  at: number
}

/** Sees every answered request (synchronously: buffer, never await); `close` runs when the app closes, before the database does. */
export interface ResponseObserver {
  observe: (sample: ResponseSample) => void
  close?: () => Promise<void>
}

/** The kernel's `httpObservers` service: plugins add observers from `onBoot` (request counts and latency per route, say). */
export interface HttpObservers {
  add: (observer: ResponseObserver) => void
}

declare module '../container.js' {
  interface Services {
    /** Observers of every answered request (the analytics plugin's traffic rollup is one). */
    httpObservers: HttpObservers
  }
}

/** One onResponse hook for the whole app; with no observer added it costs a length check per request. */
export function installResponseObservers (app: FastifyInstance, onClose: (fn: () => Promise<void>) => void): HttpObservers {
  const observers: ResponseObserver[] = []
  // Callback style, not async: this runs on every request.
  app.addHook('onResponse', (request, reply, done) => {
    if (observers.length > 0) {
      const sample: ResponseSample = {
        method: request.method, route: request.routeOptions.url ?? null, statusCode: reply.statusCode, durationMs: reply.elapsedTime, at: Date.now(),
      }
      for (const observer of observers) {
        try {
          observer.observe(sample)
        } catch (error) {
          request.log.error({ err: error }, 'a response observer failed')
        }
      }
    }
    done()
  })
  onClose(async () => {
    for (const observer of observers) await observer.close?.()
  })
  return { add: (observer) => { observers.push(observer) } }
}
