import { execFile } from 'node:child_process'
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { runCli, runMain, tempDir, workspaceRoot } from './helpers.js'
import { pluginChoices } from '../src/plugins.js'

const read = async (dir: string, file: string): Promise<string> => await readFile(path.join(dir, file), 'utf8')
const exists = async (file: string): Promise<boolean> => await stat(file).then(() => true, () => false)

/** Every environment variable the kernel and the plugins read, from their sources. */
async function envVarsInSources (): Promise<Set<string>> {
  const names = new Set<string>()
  const files = [path.join(workspaceRoot, 'core/src/config.ts')]
  for (const plugin of await readdir(path.join(workspaceRoot, 'plugins'))) {
    const src = path.join(workspaceRoot, 'plugins', plugin, 'src')
    if (!await exists(src)) continue
    for (const entry of await readdir(src, { recursive: true })) if (entry.endsWith('.ts')) files.push(path.join(src, entry))
  }
  for (const file of files) {
    for (const match of (await readFile(file, 'utf8')).matchAll(/\benv(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) names.add(match[1] as string)
  }
  return names
}

t.test('--help prints the usage and exits 0', async (t) => {
  const dir = await tempDir(t)
  const res = await runMain(['--help'], { cwd: dir })
  t.equal(res.code, 0)
  t.match(res.stdout, /Usage: create-comptoir \[dir\]/)
  t.match(res.stdout, /--plugins/)
  t.match(res.stdout, /--published\s+depend on the published @comptoir releases/)
  t.same(await readdir(dir), [], 'writes nothing')
})

// Scaffolds here pass --published: the store depends on registry ranges and nothing is packed.
// The default from a checkout (vendor/ tarballs, a package-lock.json, an offline npm install) is
// e2e.test.ts's embedded test.
t.test('--yes --published scaffolds the default store on the published releases', async (t) => {
  const dir = await tempDir(t)
  const res = await runCli(['my-store', '--yes', '--published'], { cwd: dir })
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, /Created My Store in /)
  t.match(res.stdout, /cd my-store\n\s+npm install\n\s+npm start/)
  const project = path.join(dir, 'my-store')
  t.same((await readdir(project)).sort(), ['.env', '.env.example', '.gitignore', 'README.md', 'comptoir.config.ts', 'package.json', 'seed.ts', 'tsconfig.json'])

  const pkg = JSON.parse(await read(project, 'package.json')) as { name: string, type: string, scripts: Record<string, string>, dependencies: Record<string, string> }
  t.equal(pkg.name, 'my-store')
  t.equal(pkg.type, 'module')
  t.same(pkg.dependencies, {
    '@comptoir/core': '^0.1.0',
    '@comptoir/plugin-catalog': '^0.1.0',
    '@comptoir/plugin-customers': '^0.1.0',
    '@comptoir/plugin-inventory': '^0.1.0',
    '@comptoir/plugin-orders': '^0.1.0',
    '@comptoir/admin': '^0.1.0',
    tsx: '^4.23.15',
  })
  t.equal(pkg.scripts.start, 'comptoir start --seed-if-empty')
  t.equal(pkg.scripts.worker, 'comptoir worker')
  t.equal(pkg.scripts.migrate, 'comptoir migrate up')
  t.equal(pkg.scripts.seed, 'comptoir seed')

  const config = await read(project, 'comptoir.config.ts')
  t.match(config, "store: { name: 'My Store' }")
  t.match(config, "import orders from '@comptoir/plugin-orders'")
  t.match(config, "[catalog, { currencies: ['EUR', 'USD'] }]")
  t.match(config, "[orders, { defaultCurrency: 'EUR', manualProvider: true }]")
  t.notMatch(config, 'payments-stripe')
  t.match(config, 'seed: seedStore')
  t.match(await read(project, 'seed.ts'), 'createAdminUser')

  const env = await read(project, '.env')
  t.match(env, /^COMPTOIR_ADMIN_EMAIL=admin@example\.com$/m)
  t.match(env, /^COMPTOIR_ADMIN_PASSWORD=[A-Za-z0-9_-]{24}$/m, 'a random 24-character admin password')
  t.notMatch(env, /DATABASE_URL|REDIS_URL|STRIPE/)
  t.equal((await stat(path.join(project, '.env'))).mode & 0o777, 0o600, '.env is private')
  const gitignore = await read(project, '.gitignore')
  for (const line of ['node_modules/', '.comptoir/', '.env', '!.env.example']) t.match(gitignore, new RegExp(`^${line.replace(/[.*!/]/g, '\\$&')}$`, 'm'))

  const example = await read(project, '.env.example')
  for (const name of ['PORT', 'HOST', 'COMPTOIR_DATA_DIR', 'DATABASE_URL', 'DATABASE_POOL_MAX', 'REDIS_URL', 'LOG_LEVEL', 'CORS_ORIGINS', 'TRUST_PROXY', 'SMTP_URL', 'COMPTOIR_ADMIN_PASSWORD']) {
    t.match(example, new RegExp(`^# ${name}=`, 'm'), `.env.example documents ${name}`)
  }
  t.notMatch(example, 'STRIPE', 'no Stripe variables without the plugin')
  const readme = await read(project, 'README.md')
  for (const part of ['## Run it', '## Configure', '## Add a plugin', '## Deploy', 'npm run worker', 'REDIS_URL', 'DATABASE_URL']) t.match(readme, part)
  t.match(readme, 'dependencies are the published releases (`^0.1.0`)')
  t.notMatch(readme, /vendor\//, 'no vendored-store note')
  t.notMatch(readme, 'Stripe')
  for (const file of await readdir(project)) t.notMatch(await read(project, file), /\{\{|\}\}/, `${file} has no template marker left`)
})

t.test('every plugin: dependencies are added, Stripe variables documented, flags applied', async (t) => {
  const dir = await tempDir(t)
  const res = await runMain(['shop', '--yes', '--published', '--plugins', 'payments-stripe', '--currencies=gbp,eur', '--name', "Chez l'Épicier",
    '--database-url', 'postgres://shop:s3cr%23t@db.internal:5432/shop', '--redis-url', 'redis://cache:6379'], { cwd: dir })
  t.equal(res.code, 0, res.stderr)
  for (const name of ['orders', 'catalog', 'customers', 'inventory']) t.match(res.stdout, `Adding plugin '${name}'`)
  const project = path.join(dir, 'shop')
  const pkg = JSON.parse(await read(project, 'package.json')) as { dependencies: Record<string, string> }
  t.same(Object.keys(pkg.dependencies), ['@comptoir/core', '@comptoir/plugin-catalog', '@comptoir/plugin-customers', '@comptoir/plugin-inventory', '@comptoir/plugin-orders', '@comptoir/plugin-payments-stripe', '@comptoir/admin', 'tsx'])
  const config = await read(project, 'comptoir.config.ts')
  t.match(config, "store: { name: 'Chez l\\'Épicier' }", 'the name is a valid TS string')
  t.match(config, "[catalog, { currencies: ['GBP', 'EUR'] }]")
  t.match(config, "defaultCurrency: 'GBP'")
  t.match(config, "import paymentsStripe from '@comptoir/plugin-payments-stripe'")
  t.ok(config.indexOf('[catalog') < config.indexOf('[customers') && config.indexOf('[inventory') < config.indexOf('[orders') && config.indexOf('[orders') < config.indexOf('    paymentsStripe,'), 'plugins in dependency order')
  const env = await read(project, '.env')
  t.match(env, /^DATABASE_URL='postgres:\/\/shop:s3cr%23t@db\.internal:5432\/shop'$/m)
  const parsed = await new Promise<string>((resolve, reject) => {
    // What the store will read: Node's own .env parser, as comptoir.config.ts calls it.
    execFile(process.execPath, ['-e', 'process.loadEnvFile(process.argv[1]); process.stdout.write(process.env.DATABASE_URL + " " + process.env.REDIS_URL)', path.join(project, '.env')],
      (error, stdout) => { if (error != null) reject(error); else resolve(stdout) })
  })
  t.equal(parsed, 'postgres://shop:s3cr%23t@db.internal:5432/shop redis://cache:6379', '.env values survive Node\'s parser')
  t.match(env, /^COMPTOIR_AUTO_MIGRATE=true$/m)
  t.match(env, /^REDIS_URL='redis:\/\/cache:6379'$/m)
  t.match(env, /^STRIPE_SECRET_KEY=$/m)
  t.notMatch(res.stdout, 's3cr%23t', 'the database password is not echoed')
  t.match(res.stdout, /Note: the plugins' demo data .* is in EUR and USD only; GBP will have no demo prices/)

  const example = await read(project, '.env.example')
  for (const name of await envVarsInSources()) {
    t.match(example, new RegExp(`^# ${name}=`, 'm'), `.env.example documents ${name}, which the sources read`)
  }
  t.match(example, /^# STRIPE_SECRET_KEY=/m)
  t.match(example, /^# STRIPE_WEBHOOK_SECRET=/m)
  t.match(example, /^# STRIPE_API_HOST=/m)
  t.match(await read(project, 'README.md'), 'STRIPE_WEBHOOK_SECRET')
})

t.test('every selectable plugin at once: each has its template and is imported by the config', async (t) => {
  const dir = await tempDir(t)
  const res = await runMain(['all', '--yes', '--published', '--plugins', pluginChoices.map((p) => p.name).join(',')], { cwd: dir })
  t.equal(res.code, 0, res.stderr)
  const config = await read(path.join(dir, 'all'), 'comptoir.config.ts')
  for (const plugin of pluginChoices) t.match(config, `import ${plugin.importName} from '${plugin.packageName}'`, plugin.name)
})

t.test('"." scaffolds into the empty working folder; a folder holding only .git is empty', async (t) => {
  const dir = await tempDir(t)
  const project = path.join(dir, 'corner-shop')
  await mkdir(path.join(project, '.git'), { recursive: true })
  const res = await runMain(['.', '--yes', '--published'], { cwd: project })
  t.equal(res.code, 0, res.stderr)
  t.notMatch(res.stdout, /\n\s+cd /, 'no cd step')
  t.equal((JSON.parse(await read(project, 'package.json')) as { name: string }).name, 'corner-shop')
  t.match(await read(project, 'comptoir.config.ts'), "name: 'Corner Shop'")
})

t.test('refusals exit 1 with a clear message and write nothing', async (t) => {
  const dir = await tempDir(t)
  const cases: Array<[string[], RegExp]> = [
    [['shop', '--yes', '--frobnicate'], /Unknown option '--frobnicate'.*--help/],
    [['shop', '--yes', '--name'], /--name needs a value/],
    [['shop', '--yes', '--plugins', 'catalog,shipping,loyalty'], /Unknown plugins 'shipping', 'loyalty': choose from catalog, customers, inventory, orders, payments-stripe/],
    [['shop', '--yes', '--plugins', ','], /No plugin given/],
    [['My Store', '--yes'], /Invalid project name 'My Store': npm package names are lower case\. Try 'my-store'\./],
    [['_shop', '--yes'], /Invalid project name '_shop': .*cannot start with/],
    [['http', '--yes'], /'http' is reserved/],
    [['shop!', '--yes'], /Invalid project name 'shop!'/],
    [['shop', '--yes', '--currencies', 'EURO'], /Invalid currency 'EURO'/],
    [['shop', '--yes', '--currencies', 'EUR,XYZ'], /Unknown currency 'XYZ'/],
    [['shop', '--yes', '--currencies', 'EUR,eur'], /'EUR' is listed twice/],
    [['shop', '--yes', '--database-url', 'mysql://root:hunter2@db/shop'], /Invalid database URL 'mysql:\/\/root:\*\*\*@db\/shop': use postgres:\/\//],
    [['shop', '--yes', '--redis-url', 'http://cache:6379'], /Invalid Redis URL/],
    [['shop', '--yes', '--database-url', "postgres://u:it's@db/shop"], /contains spaces, quotes or backslashes: percent-encode/],
    [['shop', '--yes', '--name', '   '], /store name is empty/],
    [['shop', 'other', '--yes'], /Too many arguments/],
    [['shop', '--yes', '--interactive'], /contradict/],
    [['shop', '--yes=no'], /--yes takes no value/],
  ]
  // The first cases through the real bin (a child process); the rest in-process, same main().
  for (const [i, [args, message]] of cases.entries()) {
    const res = await (i < 3 || i === 4 ? runCli : runMain)(args, { cwd: dir })
    t.equal(res.code, 1, `${args.join(' ')} exits 1`)
    t.match(res.stderr, message, args.join(' '))
    t.notMatch(res.stderr, /\n\s+at /, 'no stack trace')
    t.notMatch(res.stderr, 'hunter2', 'no password echoed')
  }
  t.same(await readdir(dir), [], 'nothing was written')
})

t.test('a non-empty folder or a file is refused and left untouched', async (t) => {
  const dir = await tempDir(t)
  await mkdir(path.join(dir, 'shop'))
  await writeFile(path.join(dir, 'shop', 'package.json'), '{"name":"mine"}')
  const res = await runCli(['shop', '--yes'], { cwd: dir })
  t.equal(res.code, 1)
  t.match(res.stderr, /The folder '.*shop' is not empty \(package\.json\): create-comptoir never overwrites files/)
  t.same(await readdir(path.join(dir, 'shop')), ['package.json'])
  t.equal(await read(path.join(dir, 'shop'), 'package.json'), '{"name":"mine"}')

  await writeFile(path.join(dir, 'notes'), 'x')
  const file = await runMain(['notes', '--yes'], { cwd: dir })
  t.equal(file.code, 1)
  t.match(file.stderr, /exists and is not a folder/)
})

t.test('interactive: answers read from stdin, defaults on empty lines, invalid answers asked again', async (t) => {
  const dir = await tempDir(t)
  const answers = ['Bad Name', 'bakery', '', 'EURO', 'usd', 'orders', 'mysql://x', '', ''].join('\n') + '\n'
  const res = await runCli(['--interactive', '--published'], { cwd: dir, input: answers })
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, /\? Project folder \(my-comptoir-store\)/)
  t.match(res.stdout, /Invalid project name 'Bad Name'/)
  t.match(res.stdout, /\? Store name \(Bakery\)/)
  t.match(res.stdout, /Invalid currency 'EURO'/)
  t.match(res.stdout, /payments-stripe\s+card payments through Stripe/, 'lists the plugins')
  t.match(res.stdout, /Invalid database URL 'mysql:\/\/x'/)
  t.match(res.stdout, /\? Redis URL, empty for in-process jobs \(none\)/)
  t.match(res.stdout, /Adding plugin 'inventory': 'orders' needs it/)
  const project = path.join(dir, 'bakery')
  const config = await read(project, 'comptoir.config.ts')
  t.match(config, "name: 'Bakery'")
  t.match(config, "currencies: ['USD']")
  t.match(config, "defaultCurrency: 'USD'")
  t.notMatch(await read(project, '.env'), 'DATABASE_URL')
})

t.test('interactive: flags skip their questions; a non-empty folder is refused before the other questions', async (t) => {
  const dir = await tempDir(t)
  const res = await runMain(['deli', '--interactive', '--published', '--name', 'Deli', '--plugins', 'catalog'], { cwd: dir, input: 'EUR\n\nredis://localhost:6379\n' })
  t.equal(res.code, 0, res.stderr)
  t.notMatch(res.stdout, /Project folder|Store name|Plugins, comma/)
  t.match(await read(path.join(dir, 'deli'), '.env'), /^REDIS_URL='redis:\/\/localhost:6379'$/m)
  t.same((JSON.parse(await read(path.join(dir, 'deli'), 'package.json')) as { dependencies: unknown }).dependencies, { '@comptoir/core': '^0.1.0', '@comptoir/plugin-catalog': '^0.1.0', '@comptoir/admin': '^0.1.0', tsx: '^4.23.15' })

  const again = await runMain(['--interactive', '--published'], { cwd: dir, input: 'deli\nShould not be asked\n' })
  t.equal(again.code, 1)
  t.match(again.stderr, /The folder '.*deli' is not empty/)
  t.notMatch(again.stdout, /Store name/)
})

t.test('interactive: stdin closing before the last answer cancels without writing', async (t) => {
  const dir = await tempDir(t)
  const res = await runMain(['--interactive', '--published'], { cwd: dir, input: 'pantry\nPantry\n' })
  t.equal(res.code, 1)
  t.match(res.stderr, /Cancelled: nothing was written/)
  t.same(await readdir(dir), [])
})

t.test('templates: values, line and inline sections; a missing value throws', async (t) => {
  const { render } = await import('../src/render.js')
  const template = 'a {{x}}\n{{#on}}\nkept\n{{/on}}\n{{#off}}\ndropped\n{{/off}}\nb{{#on}} in{{/on}}{{#off}} out{{/off}}\n'
  t.equal(render(template, { x: '1' }, new Set(['on'])), 'a 1\nkept\nb in\n')
  t.throws(() => render('{{nope}}', {}), /template value 'nope' is missing/)
})
