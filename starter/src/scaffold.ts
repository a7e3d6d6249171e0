import { randomBytes } from 'node:crypto'
import { constants, readFileSync } from 'node:fs'
import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from './errors.js'
import { storeLockfile, type Lockfile, type StoreManifest } from './lockfile.js'
import type { StoreOptions } from './options.js'
import { readTemplate, render } from './render.js'
import { packWorkspace, type PackedPackage } from './workspace.js'

/** The @comptoir packages packed from a checkout into `folder`, for the store's vendor/, and the checkout's lockfile. */
export interface Vendor {
  folder: string
  packed: PackedPackage[]
  lock: Lockfile
}

/** create-comptoir's own version: the store depends on the Comptoir release it was made with. */
const ownVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
const tsxRange = '^4.23.15'

/** Refuses a target that is a file or a folder with anything but `.git` in it. */
export async function checkTarget (target: string): Promise<void> {
  let info
  try {
    info = await stat(target)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if (!info.isDirectory()) throw new UsageError(`'${target}' exists and is not a folder: choose another project folder.`)
  const entries = (await readdir(target)).filter((e) => e !== '.git')
  if (entries.length > 0) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '')
    throw new UsageError(`The folder '${target}' is not empty (${shown}): create-comptoir never overwrites files. Choose a new or empty folder.`)
  }
}

/** The files of the new store, path -> content. */
export async function renderProject (options: StoreOptions, adminPassword: string, vendor: Vendor | null = null): Promise<Map<string, string>> {
  const names = new Set(options.plugins.map((p) => p.name))
  const flags = new Set<string>(names)
  if (options.databaseUrl != null) flags.add('databaseUrl')
  if (options.redisUrl != null) flags.add('redisUrl')
  flags.add(vendor != null ? 'vendored' : 'published')
  const values: Record<string, string> = {
    storeName: options.storeName,
    storeNameJson: quote(options.storeName),
    projectName: options.projectName,
    currencies: options.currencies.join(', '),
    currenciesJson: `[${options.currencies.map(quote).join(', ')}]`,
    defaultCurrency: options.currencies[0] as string,
    defaultCurrencyJson: quote(options.currencies[0] as string),
    pluginList: options.plugins.map((p) => p.name).join(', '),
    adminPassword,
    databaseUrl: options.databaseUrl ?? '',
    redisUrl: options.redisUrl ?? '',
    comptoirRange: `^${ownVersion}`,
  }
  const entries = await Promise.all(options.plugins.map(async (p) => render(await readTemplate(`plugins/${p.name}.tmpl`), values, flags)))
  values.imports = options.plugins.map((p) => `import ${p.importName} from '${p.packageName}'`).join('\n')
  values.plugins = entries.join('').replace(/\n$/, '')
  const manifest = await packageJson(options, vendor)
  const files = new Map<string, string>()
  files.set('package.json', `${JSON.stringify(manifest, null, 2)}\n`)
  const templates: Array<[string, string]> = [['comptoir.config.ts', 'comptoir.config.ts.tmpl'], ['seed.ts', 'seed.ts.tmpl'], ['.env.example', 'env.example.tmpl'],
    ['.env', 'env.tmpl'], ['.gitignore', 'gitignore'], ['README.md', 'README.md.tmpl'], ['tsconfig.json', 'tsconfig.json']]
  if (vendor != null) templates.push(['.npmrc', 'npmrc'])
  for (const [file, template] of templates) files.set(file, render(await readTemplate(template), values, flags))
  if (vendor != null) files.set('package-lock.json', `${JSON.stringify(storeLockfile(vendor.lock, manifest, vendor.packed), null, 2)}\n`)
  return files
}

/** `^<version>` ranges on the registry, or the vendored tarballs (`file:vendor/…`) from a checkout. */
async function packageJson (options: StoreOptions, vendor: Vendor | null): Promise<StoreManifest & Record<string, unknown>> {
  const base = JSON.parse(await readTemplate('package.json')) as StoreManifest & Record<string, unknown>
  const spec = (name: string): string => {
    if (vendor == null) return `^${ownVersion}`
    const packed = vendor.packed.find((p) => p.name === name)
    if (packed == null) throw new Error(`${name} was not packed`)
    return `file:vendor/${packed.file}`
  }
  const dependencies: Record<string, string> = { '@comptoir/core': spec('@comptoir/core') }
  for (const plugin of options.plugins) dependencies[plugin.packageName] = spec(plugin.packageName)
  dependencies.tsx = tsxRange
  return { ...base, name: options.projectName, dependencies }
}

/**
 * Writes the project; the folder was checked empty just before (and `wx` never overwrites). From a
 * checkout (`workspaceRoot`), the @comptoir packages are built and packed first, into vendor/.
 */
export async function writeProject (options: StoreOptions, workspaceRoot: string | null = null): Promise<string[]> {
  await checkTarget(options.target)
  const vendor = workspaceRoot == null
    ? null
    : await packWorkspace(workspaceRoot, ['@comptoir/core', ...options.plugins.map((p) => p.packageName)])
  try {
    // 18 random bytes: a 24-character password, only in the store's .env.
    const files = await renderProject(options, randomBytes(18).toString('base64url'), vendor)
    await mkdir(options.target, { recursive: true })
    if (vendor != null) {
      await mkdir(path.join(options.target, 'vendor'))
      for (const { file } of vendor.packed) await copyFile(path.join(vendor.folder, file), path.join(options.target, 'vendor', file), constants.COPYFILE_EXCL)
    }
    for (const [file, content] of files) {
      await writeFile(path.join(options.target, file), content, { flag: 'wx', mode: file === '.env' ? 0o600 : 0o644 })
    }
    return [...files.keys(), ...(vendor != null ? ['vendor/'] : [])]
  } finally {
    if (vendor != null) await rm(vendor.folder, { recursive: true, force: true })
  }
}

/** A TypeScript string literal. */
function quote (text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`
}
