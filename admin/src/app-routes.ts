import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Type, type RoutePlugin } from '@comptoir/core'
import type { FastifyReply } from 'fastify'
import { appFolder } from './app-folder.js'
import type { AdminConfig } from './config.js'
import { isHashedAsset } from './content-types.js'
import { AdminAssetNotFoundError } from './errors.js'
import { findFile, safeRelativePath, sendFile } from './static-files.js'

/**
 * The app's own page: its scripts and styles are files of the same origin, API calls go to the same
 * origin, images may come from a CDN. No inline script, no framing, no plugins, no <base> tricks.
 */
export const appCsp = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets style attributes (widths of chart bars, etc.).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const immutable = 'public, max-age=31536000, immutable'
const revalidate = 'no-cache'
// The wildcard param `*` is checked as `additionalProperties`: TypeBox's Convert builds a RegExp
// from property names unescaped, and `/^*$/` throws.
const Rest = Type.String({ maxLength: 1024 })
const Wildcard = Type.Object({}, { additionalProperties: Rest })
const PluginAsset = Type.Object({ plugin: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }) }, { additionalProperties: Rest })
const hidden = { hide: true }

/** The page served when no build of the app is there: what to run, never a crash. */
function notBuiltPage (path: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Comptoir admin is not built</title></head>
<body><main><h1>The admin app is not built</h1>
<p>This store serves the Comptoir admin dashboard at <code>${path}</code>, but neither <code>admin/prebuilt/</code> nor <code>admin/dist/app/</code> holds a build.</p>
<p>Run <code>npm run build</code> (or <code>npm run build -w @comptoir/admin</code>) and reload this page. The admin API under <code>/admin</code> works meanwhile.</p>
</main></body></html>
`
}

/**
 * Serves the admin SPA at `path` (default /app): built files with their types, hashed assets
 * cached for a year, index.html (never cached) for every other path below it so client routes
 * load, and each plugin's `admin.assets` folder at `<path>/plugins/<plugin>/`.
 */
export const appRoutes: RoutePlugin<AdminConfig> = async (app, { config }) => {
  if (!config.enabled) return
  const base = config.path
  const pluginAssets = new Map<string, string>()
  for (const { manifest } of app.comptoir.plugins) {
    if (manifest.admin?.assets != null) pluginAssets.set(manifest.name, fileURLToPath(manifest.admin.assets))
  }

  // The shell is read once per build: a rebuild (a new index.html, or dist/app/ newer than
  // prebuilt/) is picked up by the next page load, without a restart.
  let shell: { folder: string, mtimeMs: number, html: string } | null = null
  const current = async (): Promise<{ folder: string | null, html: string | null }> => {
    const folder = config.folder ?? appFolder()
    if (folder == null) return { folder: null, html: null }
    const mtimeMs = await stat(join(folder, 'index.html')).then((s) => s.mtimeMs, () => null)
    if (mtimeMs == null) return { folder, html: null }
    if (shell?.folder !== folder || shell.mtimeMs !== mtimeMs) {
      const html = await readFile(join(folder, 'index.html'), 'utf8')
      // The build links its files under /app/; another mount path gets its own links.
      shell = { folder, mtimeMs, html: base === '/app' ? html : html.replaceAll('"/app/', `"${base}/`) }
    }
    return { folder, html: shell.html }
  }
  let folder = (await current()).folder

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    const found = await current()
    folder = found.folder
    reply.header('content-security-policy', appCsp)
    reply.header('cache-control', revalidate)
    reply.type('text/html; charset=utf-8')
    if (found.html == null) return await reply.code(503).header('retry-after', '60').send(notBuiltPage(base))
    return await reply.send(found.html)
  }

  app.get(base, { schema: hidden }, async (_request, reply) => await sendIndex(reply))

  app.get<{ Params: { plugin: string, '*': string } }>(`${base}/plugins/:plugin/*`, { schema: { ...hidden, params: PluginAsset } }, async (request, reply) => {
    const root = pluginAssets.get(request.params.plugin)
    const file = root == null ? null : await findFile(root, request.params['*'])
    if (file == null) throw new AdminAssetNotFoundError(`${base}/plugins/${request.params.plugin}/${request.params['*']}`)
    // Plugin assets keep their names across versions: the browser revalidates them.
    return await sendFile(request, reply, file, revalidate)
  })

  app.get<{ Params: { '*': string } }>(`${base}/*`, { schema: { ...hidden, params: Wildcard } }, async (request, reply) => {
    const requested = request.params['*']
    const rel = safeRelativePath(requested)
    if (rel == null) throw new AdminAssetNotFoundError(`${base}/${requested}`)
    if (rel === '' || rel === 'index.html') return await sendIndex(reply)
    const file = folder == null ? null : await findFile(folder, rel)
    if (file != null) return await sendFile(request, reply, file, isHashedAsset(rel) ? immutable : revalidate)
    // A missing file (a name with an extension, or under assets/) is a 404, not the shell: a
    // browser loading a stale chunk then gets an error it can act on, not HTML as JavaScript.
    if (rel.startsWith('assets/') || rel.startsWith('plugins/') || /\.[A-Za-z0-9]{1,8}$/.test(rel)) throw new AdminAssetNotFoundError(`${base}/${rel}`)
    return await sendIndex(reply)
  })
}
