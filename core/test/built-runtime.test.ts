// The production runtime: the built CLI runs compiled JavaScript, a TypeScript store config is
// compiled on load (no tsx hooks on every module). Needs `npm run build` (CI builds before testing).
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'

const run = promisify(execFile)
const bin = fileURLToPath(new URL('../bin/comptoir.js', import.meta.url))
const loadConfig = new URL('../dist/cli/load-config.js', import.meta.url).href

/** Plain node (no tsx, no source condition), as `comptoir start` runs in production. */
async function node (args: string[], cwd: string): Promise<string> {
  const { stdout } = await run(process.execPath, args, { cwd, env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', NODE_OPTIONS: '' }, timeout: 60000 })
  return stdout
}

/** Which loader the built CLI used for a config, and what it exported. */
async function loaded (file: string, cwd: string): Promise<{ loader: string, plugins: string[], note?: string }> {
  const script = `const { loadStoreConfig } = await import(${JSON.stringify(loadConfig)})
const { config, loader } = await loadStoreConfig(${JSON.stringify(file)})
console.log(JSON.stringify({ loader, plugins: (config.plugins ?? []).map((p) => (Array.isArray(p) ? p[0] : p).name), note: config.store?.name }))`
  return JSON.parse(await node(['--input-type=module', '-e', script], cwd)) as { loader: string, plugins: string[], note?: string }
}

t.test('the built CLI lists a store\'s plugins from their compiled JavaScript, its comptoir.config.ts compiled on load', async (t) => {
  const dir = t.testdir({
    'comptoir.config.ts': `import { defineConfig } from '@comptoir/core'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
const currencies: string[] = ['EUR']
export default defineConfig({ plugins: [[catalog, { currencies }], customers] })\n`,
  })
  const result = await loaded('comptoir.config.ts', dir)
  t.equal(result.loader, 'compiled')
  t.same(result.plugins, ['catalog', 'customers'])
  const stdout = await node([bin, 'plugins'], dir)
  t.match(stdout, /1\. catalog 0\.1\.0/)
  t.match(stdout, /2\. customers 0\.1\.0/)
})

t.test('a config importing a local TypeScript file beside it is compiled with it, import.meta of the config kept', async (t) => {
  const dir = t.testdir({
    'comptoir.config.ts': `import { defineConfig } from '@comptoir/core'
import { storeName } from './names.js'
const here: string = new URL('.', import.meta.url).pathname
export default defineConfig({ store: { name: storeName + ' at ' + here } })\n`,
    'names.ts': "export const storeName: string = 'Local'\n",
  })
  const result = await loaded('comptoir.config.ts', dir)
  t.equal(result.loader, 'compiled')
  t.match(result.note, /^Local at .*\/$/)
  t.ok(result.note?.endsWith(`${dir}/`), 'import.meta.url is the config folder')
})

t.test('a config importing a local plugin that reads import.meta (its migrations folder) goes through tsx', async (t) => {
  const dir = t.testdir({
    'comptoir.config.ts': "import { defineConfig } from '@comptoir/core'\nimport local from './plugins/local/index.js'\nexport default defineConfig({ plugins: [local] })\n",
    plugins: { local: { 'index.ts': "import { definePlugin } from '@comptoir/core'\nexport default definePlugin({ name: 'local', version: '1.0.0', migrations: new URL('./migrations/', import.meta.url) })\n" } },
  })
  const result = await loaded('comptoir.config.ts', dir)
  t.equal(result.loader, 'tsx')
  t.same(result.plugins, ['local'])
})
