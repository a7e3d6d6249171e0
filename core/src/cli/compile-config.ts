import { randomUUID } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** How the store's config file was loaded: as is (JavaScript, or TypeScript under a loader already active), compiled, or through tsx. */
export type ConfigLoader = 'native' | 'compiled' | 'tsx'

interface EsbuildResult { outputFiles?: Array<{ text: string }>, metafile?: { inputs: Record<string, unknown> } }
interface Esbuild { buildSync: (options: Record<string, unknown>) => EsbuildResult }

// Running from the sources means a TypeScript loader is already active (npm start, tests).
const fromSources = import.meta.url.endsWith('.ts')

/**
 * Imports a store's comptoir.config.*: JavaScript as is; TypeScript compiled by esbuild (tsx's
 * own compiler) into one file beside it, the packages left as imports, so the kernel and every
 * plugin load as the compiled JavaScript of their dist/ with no loader hook on each module (tsx
 * hooks cost a second of boot). Falls back to registering tsx when the compile cannot stand in
 * for the sources: a local file it would inline uses import.meta (a local plugin's migrations
 * folder), esbuild is missing, or the folder is read-only.
 */
export async function importConfig (file: string): Promise<{ module: { default?: unknown }, loader: ConfigLoader }> {
  const url = pathToFileURL(file).href
  if (!/\.[mc]?ts$/.test(file) || fromSources) return { module: await import(url) as { default?: unknown }, loader: 'native' }
  const compiled = compile(file)
  if (compiled != null) {
    // Beside the config, so its relative paths and package imports resolve as they would from it.
    const out = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID().slice(0, 8)}.mjs`)
    try {
      writeFileSync(out, compiled)
      try {
        return { module: await import(pathToFileURL(out).href) as { default?: unknown }, loader: 'compiled' }
      } finally {
        rmSync(out, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EACCES' && (error as NodeJS.ErrnoException).code !== 'EROFS') throw error
    }
  }
  const { register } = await import('tsx/esm/api')
  register()
  return { module: await import(url) as { default?: unknown }, loader: 'tsx' }
}

/** The config and the local files it imports as one ES module (packages stay imports), or null. */
function compile (file: string): string | null {
  let esbuild: Esbuild
  try {
    // esbuild is tsx's compiler: resolved from tsx, a dependency of this package.
    const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))
    // One short-lived esbuild process for the one compile, not a worker thread and service kept for the process' life.
    process.env.ESBUILD_WORKER_THREADS ??= '0'
    esbuild = fromTsx('esbuild') as Esbuild
  } catch {
    return null
  }
  const result = esbuild.buildSync({
    entryPoints: [file],
    absWorkingDir: path.dirname(file),
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0] ?? '20'}`,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const entry = path.basename(file)
  const inlined = Object.keys(result.metafile?.inputs ?? {}).filter((input) => input !== entry)
  // Inlined into the config's folder, a file's import.meta.url would point there, not at itself.
  const dirname = path.dirname(file)
  if (inlined.some((input) => path.dirname(path.resolve(dirname, input)) !== dirname && readFileSync(path.resolve(dirname, input), 'utf8').includes('import.meta'))) return null
  return result.outputFiles?.[0]?.text ?? null
}
