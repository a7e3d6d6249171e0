import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import semver from 'semver'
import { coreVersion } from '../../version.js'

const namePattern = /^[a-z][a-z0-9-]{0,39}$/
// Both src/cli/commands/ and dist/cli/commands/ are three folders below the package root; the
// templates ship in src/ (package.json `files`), so the built CLI reads the same ones.
const templatesRoot = fileURLToPath(new URL('../../../src/cli/templates/plugin/', import.meta.url))

/** The spellings of a plugin name that the templates use. */
export function pluginNames (name: string): Record<string, string> {
  const words = name.split('-').filter((w) => w !== '')
  const pascal = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
  return {
    __name__: name,
    __camel__: pascal[0]!.toLowerCase() + pascal.slice(1),
    __Pascal__: pascal,
    __UPPER__: words.join('_').toUpperCase(),
    __snake__: words.join('_'),
    __coreRange__: `^${semver.major(coreVersion)}.${semver.minor(coreVersion)}.0`,
  }
}

function timestamp (now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}`
}

function templates (folder: string, prefix = ''): string[] {
  return readdirSync(folder).flatMap((entry) => statSync(path.join(folder, entry)).isDirectory()
    ? templates(path.join(folder, entry), `${prefix}${entry}/`)
    : entry.endsWith('.tmpl') ? [`${prefix}${entry}`] : [])
}

/** Why `name` cannot name a plugin, or null. */
export function invalidPluginName (name: string): string | null {
  if (!namePattern.test(name)) return `'${name}' is not a plugin name: lowercase letters, digits and dashes, starting with a letter, at most 40 characters`
  if (name === 'core' || name.endsWith('-') || name.includes('--')) return `'${name}' is not a plugin name: 'core' is reserved, and dashes separate words`
  return null
}

/**
 * Writes a plugin package into `target` (which must not exist or be empty): manifest, config,
 * schemas, errors, events, a service, store and admin routes, a job, a subscriber, a migration,
 * a test on the harness, README, package.json and tsconfig. Returns the files written.
 */
export function scaffoldPlugin (name: string, target: string, now = new Date()): string[] {
  const invalid = invalidPluginName(name)
  if (invalid != null) throw new Error(invalid)
  if (existsSync(target) && readdirSync(target).length > 0) throw new Error(`'${target}' exists and is not empty: pick another folder`)
  const names = { ...pluginNames(name), __timestamp__: timestamp(now) }
  const fill = (text: string): string => text.replace(/__(name|camel|Pascal|UPPER|snake|coreRange|timestamp)__/g, (token) => names[token as keyof typeof names]!)
  const written: string[] = []
  for (const template of templates(templatesRoot)) {
    let file = fill(template.slice(0, -'.tmpl'.length))
    if (file === 'gitignore') file = '.gitignore' // npm drops dotfiles named .gitignore from packages
    const out = path.join(target, file)
    mkdirSync(path.dirname(out), { recursive: true })
    writeFileSync(out, fill(readFileSync(path.join(templatesRoot, template), 'utf8')), { flag: 'wx' })
    written.push(file)
  }
  return written.sort()
}
