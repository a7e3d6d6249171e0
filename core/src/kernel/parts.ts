import type { FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import type { KernelConfig } from '../config.js'
import type { Container } from '../container.js'
import type { Database } from '../db/connect.js'
import type { PluginManifest } from '../plugins/define-plugin.js'

/** A plugin as the running app knows it: manifest and validated config. */
export interface LoadedPlugin { manifest: PluginManifest<any>, config: unknown }

/** What each kernel facility (auth, jobs, events, …) receives when the app is assembled. */
export interface KernelParts {
  app: FastifyInstance
  config: KernelConfig
  plugins: readonly LoadedPlugin[]
  container: Container
  database: Database
  redis: Redis | null
  /** Process jobs and deliver events in this process (false: serve HTTP only). */
  runJobs: boolean
  /** Serve HTTP (false in `comptoir worker`). */
  serveHttp: boolean
  /** Runs once the app is ready, in registration order. */
  onReady: (fn: () => Promise<void>) => void
  /** Runs at close, in reverse registration order, before the database and Redis close. */
  onClose: (fn: () => Promise<void>) => void
}
