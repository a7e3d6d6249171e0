import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { StoreConfig } from '../config.js'
import { BootError, BootErrorCode } from '../errors.js'

const candidates = ['comptoir.config.ts', 'comptoir.config.mts', 'comptoir.config.js', 'comptoir.config.mjs']

/** Loads the store's comptoir.config.* (its default export) from `file` or the working folder. */
export async function loadStoreConfig (file?: string, cwd = process.cwd()): Promise<{ config: StoreConfig, file: string | null }> {
  const found = file != null ? path.resolve(cwd, file) : candidates.map((c) => path.join(cwd, c)).find((c) => existsSync(c))
  if (found == null) return { config: {}, file: null }
  if (!existsSync(found)) {
    throw new BootError(BootErrorCode.invalidConfig, `The config file '${found}' does not exist: pass an existing file to --config.`)
  }
  let module: { default?: unknown }
  try {
    module = await import(pathToFileURL(found).href) as { default?: unknown }
  } catch (error) {
    throw new BootError(BootErrorCode.invalidConfig, `The config file '${found}' failed to load (${(error as Error).message}): fix the file.`, { cause: error })
  }
  const config = module.default
  if (config == null || typeof config !== 'object') {
    throw new BootError(BootErrorCode.invalidConfig, `The config file '${found}' has no default export: export default defineConfig({ plugins: [...] }).`)
  }
  return { config: config as StoreConfig, file: found }
}
