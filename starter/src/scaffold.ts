import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from './errors.js'
import type { StoreOptions } from './options.js'
import { readTemplate, render } from './render.js'

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
export async function renderProject (options: StoreOptions, adminPassword: string): Promise<Map<string, string>> {
  const names = new Set(options.plugins.map((p) => p.name))
  const flags = new Set<string>(names)
  if (options.databaseUrl != null) flags.add('databaseUrl')
  if (options.redisUrl != null) flags.add('redisUrl')
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
  }
  const entries = await Promise.all(options.plugins.map(async (p) => render(await readTemplate(`plugins/${p.name}.tmpl`), values, flags)))
  values.imports = options.plugins.map((p) => `import ${p.importName} from '${p.packageName}'`).join('\n')
  values.plugins = entries.join('').replace(/\n$/, '')
  const files = new Map<string, string>()
  files.set('package.json', await packageJson(options))
  for (const [file, template] of [['comptoir.config.ts', 'comptoir.config.ts.tmpl'], ['seed.ts', 'seed.ts.tmpl'], ['.env.example', 'env.example.tmpl'],
    ['.env', 'env.tmpl'], ['.gitignore', 'gitignore'], ['README.md', 'README.md.tmpl'], ['tsconfig.json', 'tsconfig.json']] as const) {
    files.set(file, render(await readTemplate(template), values, flags))
  }
  return files
}

async function packageJson (options: StoreOptions): Promise<string> {
  const base = JSON.parse(await readTemplate('package.json')) as Record<string, unknown>
  const range = `^${ownVersion}`
  const dependencies: Record<string, string> = { '@comptoir/core': range }
  for (const plugin of options.plugins) dependencies[plugin.packageName] = range
  dependencies.tsx = tsxRange
  return `${JSON.stringify({ ...base, name: options.projectName, dependencies }, null, 2)}\n`
}

/** Writes the project; the folder was checked empty just before (and `wx` never overwrites). */
export async function writeProject (options: StoreOptions): Promise<string[]> {
  await checkTarget(options.target)
  // 18 random bytes: a 24-character password, only in the store's .env.
  const files = await renderProject(options, randomBytes(18).toString('base64url'))
  await mkdir(options.target, { recursive: true })
  for (const [file, content] of files) {
    await writeFile(path.join(options.target, file), content, { flag: 'wx', mode: file === '.env' ? 0o600 : 0o644 })
  }
  return [...files.keys()]
}

/** A TypeScript string literal. */
function quote (text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`
}
