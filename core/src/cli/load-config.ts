import { existsSync } from 'node:fs'
import path from 'node:path'
import type { StoreConfig } from '../config.js'
import { importConfig, type ConfigLoader } from './compile-config.js'
import { BootError, BootErrorCode } from '../errors.js'

const candidates = ['comptoir.config.ts', 'comptoir.config.mts', 'comptoir.config.js', 'comptoir.config.mjs']

/** Loads the store's comptoir.config.* (its default export) from `file` or the working folder. */
export async function loadStoreConfig (file?: string, cwd = process.cwd()): Promise<{ config: StoreConfig, file: string | null, loader?: ConfigLoader }> {
  const found = file != null ? path.resolve(cwd, file) : candidates.map((c) => path.join(cwd, c)).find((c) => existsSync(c))
  if (found == null) return { config: {}, file: null }
  if (!existsSync(found)) {
    throw new BootError(BootErrorCode.invalidConfig, `The config file '${found}' does not exist: pass an existing file to --config.`)
  }
  let module: { default?: unknown }
  let loader: ConfigLoader
  try {
    ({ module, loader } = await importConfig(found))
  } catch (error) {
    const unbuilt = unbuiltPackage(error)
    if (unbuilt != null) {
      throw new BootError(BootErrorCode.invalidConfig, `The packages are not built: '${unbuilt}' has sources but no dist/, which the config file '${found}' imports. In this repository, run the CLI from the sources with \`npm run comptoir -- <command>\`, or build the packages first with \`npm run build\`.`, { cause: error })
    }
    throw new BootError(BootErrorCode.invalidConfig, `The config file '${found}' failed to load (${(error as Error).message}): fix the file.`, { cause: error })
  }
  const config = module.default
  if (config == null || typeof config !== 'object') {
    throw new BootError(BootErrorCode.invalidConfig, `The config file '${found}' has no default export: export default defineConfig({ plugins: [...] }).`)
  }
  return { config: config as StoreConfig, file: found, loader }
}

/**
 * The package folder when `error` is a missing dist/ file of a package that has its src/: a
 * workspace checkout run without a build (`npx comptoir`), where `comptoir-source` is not set.
 */
function unbuiltPackage (error: unknown): string | null {
  // Read from the message and checked on disk: the error's code is not always set (tsx's loader
  // sometimes rethrows Node's resolution error as a plain Error with the same message).
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec(String((error as { message?: unknown } | null)?.message ?? ''))?.[1]
  const at = missing?.lastIndexOf(`${path.sep}dist${path.sep}`) ?? -1
  if (missing == null || at < 0 || existsSync(missing)) return null
  const root = missing.slice(0, at)
  return existsSync(path.join(root, 'package.json')) && existsSync(path.join(root, 'src')) ? root : null
}
