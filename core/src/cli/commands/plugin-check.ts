import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import semver from 'semver'
import { buildApp, migrationOwners } from '../../app.js'
import type { PGlite } from '@electric-sql/pglite'
import { knexOnPGlite, openPGlite } from '../../db/connect.js'
import { migrateDown, migrateUp } from '../../db/migrations.js'
import type { PluginManifest } from '../../plugins/define-plugin.js'
import { coreVersion } from '../../version.js'
import type { CommandInput } from '../command.js'
import { invalidPluginName } from './plugin-new.js'

/** One line of the report. `fail` makes the check exit 1; `warn` does not. */
export interface CheckResult { level: 'ok' | 'warn' | 'fail', check: string, detail: string }

interface PackageJson {
  name?: string
  version?: string
  main?: string
  exports?: unknown
  keywords?: string[]
  peerDependencies?: Record<string, string>
}

const personalColumn = /(^|_)(customer_id|email|phone|address|first_name|last_name|full_name|name|birth_date|ip_address)$/

function entryOf (folder: string, pkg: PackageJson): string | null {
  // Sources first: a plugin is checked in its own CI before it is built.
  const candidates = ['src/index.ts', 'src/index.mts', 'src/index.js']
  const exported = typeof pkg.exports === 'string' ? pkg.exports : (pkg.exports as Record<string, unknown> | undefined)?.['.']
  const target = typeof exported === 'string' ? exported : (exported as Record<string, unknown> | undefined)?.default ?? (exported as Record<string, unknown> | undefined)?.import
  if (typeof target === 'string') candidates.push(target)
  if (pkg.main != null) candidates.push(pkg.main)
  candidates.push('index.js')
  return candidates.map((c) => path.resolve(folder, c)).find((c) => existsSync(c)) ?? null
}

function migrationFolder (manifest: PluginManifest): string | null {
  if (manifest.migrations == null) return null
  return manifest.migrations instanceof URL || String(manifest.migrations).startsWith('file:') ? fileURLToPath(manifest.migrations) : String(manifest.migrations)
}

/** The folder of package `name` as Node would find it from `from` (node_modules, walking up). */
function packageFolder (from: string, name: string): string | null {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name)
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate)
    if (path.dirname(dir) === dir) return null
  }
}

/** A package's entry file: its `exports['.']` under the conditions this process runs with, else `main`. */
function packageEntry (folder: string): string | null {
  const pkg = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as PackageJson
  const exported = typeof pkg.exports === 'string' ? pkg.exports : (pkg.exports as Record<string, unknown> | undefined)?.['.']
  const sourceCondition = process.execArgv.some((a) => a.includes('comptoir-source')) || (process.env.NODE_OPTIONS ?? '').includes('comptoir-source')
  const conditions = typeof exported === 'object' && exported != null ? exported as Record<string, unknown> : {}
  const target = typeof exported === 'string' ? exported : [sourceCondition ? 'comptoir-source' : '', 'import', 'default'].map((c) => conditions[c]).find((v) => typeof v === 'string') ?? pkg.main
  return typeof target === 'string' ? path.resolve(folder, target) : null
}

/**
 * The plugins `dependsOn` names, found from the plugin's folder as `@comptoir/plugin-<name>` or
 * `comptoir-plugin-<name>` (their own dependencies too), dependencies first.
 */
async function loadDependencies (folder: string, manifest: PluginManifest, found: PluginManifest[] = [], missing: string[] = []): Promise<{ found: PluginManifest[], missing: string[] }> {
  for (const dep of Object.keys(manifest.dependsOn ?? {})) {
    if (found.some((f) => f.name === dep) || missing.includes(dep)) continue
    const depFolder = [`@comptoir/plugin-${dep}`, `comptoir-plugin-${dep}`].map((name) => packageFolder(folder, name)).find((f) => f != null) ?? null
    const entry = depFolder != null ? packageEntry(depFolder) : null
    if (depFolder == null || entry == null || !existsSync(entry)) { missing.push(dep); continue }
    const loaded = (await import(pathToFileURL(entry).href) as { default: PluginManifest }).default
    await loadDependencies(depFolder, loaded, found, missing)
    found.push(loaded)
  }
  return { found, missing }
}

/** Runs every check on the plugin package in `folder`; one result per check. */
export async function checkPlugin (folder: string): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  const ok = (check: string, detail: string): void => { results.push({ level: 'ok', check, detail }) }
  const warn = (check: string, detail: string): void => { results.push({ level: 'warn', check, detail }) }
  const fail = (check: string, detail: string): void => { results.push({ level: 'fail', check, detail }) }

  const pkgFile = path.join(folder, 'package.json')
  if (!existsSync(pkgFile)) { fail('package', `no package.json in ${folder}`); return results }
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson
  const peer = pkg.peerDependencies?.['@comptoir/core']
  if (peer == null) fail('peer dependency', '@comptoir/core is not in peerDependencies: add "@comptoir/core": "^' + `${semver.major(coreVersion)}.${semver.minor(coreVersion)}.0"`)
  else if (semver.validRange(peer) == null) fail('peer dependency', `@comptoir/core '${peer}' is not a semver range`)
  else if (!semver.satisfies(coreVersion, peer)) fail('peer dependency', `@comptoir/core '${peer}' excludes this core (${coreVersion})`)
  else ok('peer dependency', `@comptoir/core ${peer}`)
  if (pkg.keywords?.includes('comptoir-plugin') === true) ok('keywords', 'comptoir-plugin')
  else warn('keywords', "add \"keywords\": [\"comptoir-plugin\"] so stores can find it on npm")

  const entry = entryOf(folder, pkg)
  if (entry == null) { fail('manifest', 'no entry point: src/index.ts, exports or main'); return results }
  let manifest: PluginManifest
  try {
    const loaded = await import(pathToFileURL(entry).href) as { default?: PluginManifest }
    if (loaded.default == null || typeof loaded.default !== 'object' || typeof loaded.default.name !== 'string') throw new Error('its default export is not a manifest: export default definePlugin({ name, … })')
    manifest = loaded.default
    ok('manifest', `${path.relative(folder, entry)} loads`)
  } catch (error) {
    fail('manifest', `${path.relative(folder, entry)} failed to load (${(error as Error).message})`)
    return results
  }
  const { name } = manifest
  const badName = invalidPluginName(name)
  if (badName != null) fail('name', badName)
  else ok('name', name)
  if (manifest.version == null) fail('version', 'no version: set it to the package version')
  else if (semver.valid(manifest.version) == null) fail('version', `'${manifest.version}' is not semver`)
  else if (pkg.version != null && pkg.version !== manifest.version) warn('version', `manifest ${manifest.version}, package.json ${pkg.version}: keep them equal`)
  else ok('version', manifest.version)
  if (manifest.core == null) fail('core range', 'no `core` range: add core: \'' + `^${semver.major(coreVersion)}.${semver.minor(coreVersion)}.0'`)
  else if (semver.validRange(manifest.core) == null) fail('core range', `'${manifest.core}' is not a semver range`)
  else if (!semver.satisfies(coreVersion, manifest.core)) fail('core range', `'${manifest.core}' is not satisfied by this core (${coreVersion})`)
  else ok('core range', `${manifest.core} (this core: ${coreVersion})`)
  const badDeps = Object.entries(manifest.dependsOn ?? {}).filter(([, range]) => semver.validRange(range) == null)
  if (badDeps.length > 0) fail('dependsOn', badDeps.map(([dep, range]) => `${dep}: '${range}' is not a semver range`).join('; '))
  else ok('dependsOn', Object.entries(manifest.dependsOn ?? {}).map(([d, r]) => `${d} ${r}`).join(', ') || 'none')

  const badPermissions = (manifest.permissions ?? []).filter((p) => !new RegExp(`^${name}:[a-z][a-z0-9.-]*$`).test(p))
  if (badPermissions.length > 0) fail('permissions', `not '${name}:<action>': ${badPermissions.join(', ')}`)
  else ok('permissions', (manifest.permissions ?? []).join(', ') || 'none')
  const events = Object.entries(manifest.events ?? {})
  const badEvents = events.filter(([event]) => !new RegExp(`^${name}\\.[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*$`).test(event)).map(([e]) => e)
  const unschematised = events.filter(([, schema]) => schema == null || typeof schema !== 'object' || !('type' in schema || 'anyOf' in schema || 'oneOf' in schema)).map(([e]) => e)
  if (badEvents.length > 0) fail('events', `not '${name}.<entity>.<past-verb>': ${badEvents.join(', ')}`)
  else if (unschematised.length > 0) fail('events', `no TypeBox payload schema: ${unschematised.join(', ')}`)
  else ok('events', events.map(([e]) => e).join(', ') || 'none')
  const jobs = Object.entries(manifest.jobs ?? {})
  const badJobs = jobs.filter(([job, def]) => !new RegExp(`^${name}\\.[a-z][a-z0-9-]*$`).test(job) || typeof def?.handler !== 'function').map(([j]) => j)
  if (badJobs.length > 0) fail('jobs', `not '${name}.<verb-object>' with a handler: ${badJobs.join(', ')}`)
  else {
    const noPayload = jobs.filter(([, def]) => def.payload == null).map(([j]) => j)
    if (noPayload.length > 0) warn('jobs', `no payload schema: ${noPayload.join(', ')}`)
    else ok('jobs', jobs.map(([j]) => j).join(', ') || 'none')
  }

  // One throw-away embedded database for the run (it takes seconds to start), a schema per stage.
  let instance = null as Promise<PGlite> | null
  const database = async (): Promise<PGlite> => await (instance ??= openPGlite('memory:'))
  try {
    const folderOfMigrations = migrationFolder(manifest)
    if (folderOfMigrations == null) ok('migrations', 'none')
    else await checkMigrations(manifest, folderOfMigrations, await database(), { ok, warn, fail })
    if (results.some((r) => r.level === 'fail')) warn('boot', 'not booted until the problems above are fixed')
    else await checkBoot(folder, manifest, await database(), { ok, warn, fail })
  } finally {
    if (instance != null) await (await instance).close()
  }
  return results
}

type Report = Record<'ok' | 'warn' | 'fail', (check: string, detail: string) => void>
const migrationSchema = 'check_migrations'

async function checkMigrations (manifest: PluginManifest, folder: string, instance: PGlite, report: Report): Promise<void> {
  if (!existsSync(folder)) { report.fail('migrations', `the folder ${folder} does not exist`); return }
  const files = readdirSync(folder).filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.endsWith('.d.ts')).sort()
  const badNames = files.filter((f) => !/^\d{12}_[a-z][a-z0-9]*(_[a-z0-9]+)+\.(ts|mts|js|mjs)$/.test(f))
  if (badNames.length > 0) { report.fail('migration names', `not YYYYMMDDHHMM_verb_object: ${badNames.join(', ')}`); return }
  const stamps = files.map((f) => f.slice(0, 12))
  if (new Set(stamps).size !== stamps.length) { report.fail('migration names', 'two migrations share a timestamp: their order is not defined'); return }
  report.ok('migration names', `${files.length} file(s), ordered`)
  // A throw-away embedded database: the kernel's tables, then this plugin's, up, down and up again.
  await instance.exec(`create schema "${migrationSchema}"`)
  const knex = knexOnPGlite(instance, [migrationSchema, 'public'])
  try {
    const [kernel, own] = migrationOwners([{ manifest, config: {} }])
    await migrateUp(knex, [kernel!])
    const before = new Set(await tables(knex))
    await migrateUp(knex, [own!])
    // The kernel's own bookkeeping (comptoir_migrations_<plugin>, its lock) is not the plugin's.
    const created = (await tables(knex)).filter((t) => !before.has(t) && !t.startsWith('comptoir_migrations_'))
    const prefix = `${manifest.name.replace(/-/g, '_')}_`
    const foreign = created.filter((t) => !t.startsWith(prefix))
    if (foreign.length > 0) report.fail('table names', `not prefixed '${prefix}': ${foreign.join(', ')}`)
    else report.ok('table names', created.join(', ') || 'no tables')
    const personal = await personalColumns(knex, created)
    if (personal.length > 0 && manifest.personalData == null) report.fail('personal data', `columns that look personal (${personal.join(', ')}) but no personalData { export, erase } in the manifest`)
    else report.ok('personal data', personal.length > 0 ? `handlers for ${personal.join(', ')}` : 'no personal columns')
    await migrateDown(knex, [own!])
    const left = (await tables(knex)).filter((t) => created.includes(t))
    if (left.length > 0) { report.fail('migrations', `down leaves ${left.join(', ')}`); return }
    await migrateUp(knex, [own!])
    report.ok('migrations', 'up, down and up again on an embedded database')
  } catch (error) {
    report.fail('migrations', `failed on an embedded database (${(error as Error).message})`)
  } finally {
    await knex.destroy()
  }
}

async function tables (knex: ReturnType<typeof knexOnPGlite>): Promise<string[]> {
  const rows = await knex('information_schema.tables').where({ table_schema: migrationSchema }).pluck('table_name') as string[]
  return rows.sort()
}

async function personalColumns (knex: ReturnType<typeof knexOnPGlite>, tableNames: string[]): Promise<string[]> {
  if (tableNames.length === 0) return []
  const rows = await knex('information_schema.columns').where({ table_schema: migrationSchema }).whereIn('table_name', tableNames).select('table_name', 'column_name') as Array<{ table_name: string, column_name: string }>
  return rows.filter((r) => personalColumn.test(r.column_name) && !/_(user|product|variant|item)_name$/.test(r.column_name)).map((r) => `${r.table_name}.${r.column_name}`)
}

/** Boots a store with the plugin (and the dependencies found next to it) on an embedded database. */
async function checkBoot (folder: string, manifest: PluginManifest, instance: PGlite, report: Report): Promise<void> {
  const { found, missing } = await loadDependencies(folder, manifest)
  if (missing.length > 0) { report.warn('boot', `not booted: install its dependencies (${missing.join(', ')}) to check routes and permissions`); return }
  await instance.exec('create schema "check_boot"')
  const knex = knexOnPGlite(instance, ['check_boot', 'public'])
  try {
    const database = { knex, engine: 'embedded' as const, close: async () => await knex.destroy() }
    const app = await buildApp({ env: false, migrate: true, logger: false, database, config: { plugins: [...found, manifest] } })
    try {
      await app.ready()
      const spec = app.swagger() as { paths?: Record<string, unknown> }
      const own = Object.keys(spec.paths ?? {}).filter((p) => p.includes(`/${manifest.name}`)).length
      report.ok('boot', `boots with ${found.map((f) => f.name).join(', ') || 'no dependencies'}: routes, schemas and permissions accepted (${own} path(s) under /${manifest.name})`)
    } finally {
      await app.close()
    }
  } catch (error) {
    report.fail('boot', (error as Error).message)
  } finally {
    await knex.destroy()
  }
}

/** `comptoir plugin check [path]`: prints one line per check, exit 1 when one fails. */
export async function checkPluginCommand ({ args, out }: CommandInput): Promise<number> {
  const folder = path.resolve(args[0] ?? '.')
  const results = await checkPlugin(folder)
  for (const r of results) out(`${r.level === 'ok' ? 'ok  ' : r.level === 'warn' ? 'warn' : 'FAIL'}  ${r.check.padEnd(16)} ${r.detail}`)
  const failed = results.filter((r) => r.level === 'fail').length
  out(failed === 0 ? `${path.basename(folder)}: compatible with @comptoir/core ${coreVersion}` : `${path.basename(folder)}: ${failed} problem(s)`)
  return failed === 0 ? 0 : 1
}
