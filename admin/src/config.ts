import { Type, type Static } from '@comptoir/core'

/** Options of the admin plugin: where the dashboard is served, and whether at all. */
export const AdminConfig = Type.Object({
  /** URL path of the dashboard (client routes live below it). */
  path: Type.String({ pattern: '^(/[a-z0-9][a-z0-9-]*)+$', maxLength: 100, default: '/app' }),
  /** false: no /app routes (the extensions endpoint stays, for a dashboard hosted elsewhere). */
  enabled: Type.Boolean({ default: true }),
  /** Serve the app from this folder (a build made elsewhere) instead of prebuilt/ or dist/app/. */
  folder: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
}, { additionalProperties: false, default: {} })
export type AdminConfig = Static<typeof AdminConfig>
