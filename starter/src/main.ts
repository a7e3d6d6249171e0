import path from 'node:path'
import { helpText, parseArgs } from './args.js'
import { CancelledError, UsageError } from './errors.js'
import { optionsFromFlags, type StoreOptions } from './options.js'
import { promptOptions } from './prompts.js'
import { checkTarget, writeProject } from './scaffold.js'
import { findWorkspace } from './workspace.js'

export interface MainIo {
  cwd: string
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/** Currencies the plugins' demo seeds price in. */
const demoCurrencies = ['EUR', 'USD']

const defaultIo: MainIo = { cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }

/** Runs create-comptoir; resolves to the exit code (0 done, 1 refused or cancelled). */
export async function main (argv: readonly string[], io: MainIo = defaultIo): Promise<number> {
  const out = (line = ''): void => { io.stdout.write(`${line}\n`) }
  try {
    const flags = parseArgs(argv)
    if (flags.help) {
      io.stdout.write(helpText)
      return 0
    }
    if (flags.yes && flags.interactive) throw new UsageError('--yes and --interactive contradict each other: pass one of them.')
    const interactive = flags.interactive || (!flags.yes && io.stdin.isTTY === true)
    let options: StoreOptions
    if (interactive) {
      out('Create a Comptoir store: press Enter to take the default in brackets.')
      options = await promptOptions(flags, io.cwd, { input: io.stdin, output: io.stdout, terminal: io.stdin.isTTY === true }, checkTarget)
    } else {
      options = optionsFromFlags(flags, io.cwd)
    }
    for (const { name, neededBy } of options.added) out(`Adding plugin '${name}': '${neededBy}' needs it.`)
    const undemoed = options.currencies.filter((c) => !demoCurrencies.includes(c))
    if (undemoed.length > 0) {
      out(`Note: the plugins' demo data (prices, shipping rates) is in EUR and USD only; ${undemoed.join(', ')} will have no demo prices until you add them (seed.ts or the admin API).`)
    }
    const workspace = flags.published ? null : findWorkspace()
    if (workspace != null) out(`Packing the @comptoir packages of the checkout ${workspace} into vendor/ (npm run build, npm pack)…`)
    const files = await writeProject(options, workspace)
    printDone(out, io.cwd, options, files, workspace)
    return 0
  } catch (error) {
    if (error instanceof UsageError || error instanceof CancelledError) {
      io.stderr.write(`create-comptoir: ${error.message}\n`)
      return 1
    }
    throw error
  }
}

function printDone (out: (line?: string) => void, cwd: string, options: StoreOptions, files: readonly string[], workspace: string | null): void {
  const relative = path.relative(cwd, options.target)
  const cd = relative === '' ? null : (relative.startsWith('..') ? options.target : relative)
  out()
  out(`Created ${options.storeName} in ${options.target}:`)
  out(`  ${files.join('  ')}`)
  out(`  plugins: ${options.plugins.map((p) => p.name).join(', ')}; currencies: ${options.currencies.join(', ')}`)
  out(workspace != null
    ? '  packages: packed from this checkout into vendor/ (package-lock.json pins the rest: npm install works offline here)'
    : '  packages: the published @comptoir releases, from the registry')
  out(`  database: ${options.databaseUrl != null ? 'PostgreSQL (DATABASE_URL in .env)' : 'embedded (./.comptoir/data)'}; jobs: ${options.redisUrl != null ? 'Redis (REDIS_URL in .env)' : 'in-process'}`)
  out()
  out('Next:')
  if (cd != null) out(`  cd ${/\s/.test(cd) ? JSON.stringify(cd) : cd}`)
  out('  npm install')
  if (options.plugins.some((p) => p.name === 'payments-stripe')) out('  # set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET in .env')
  out('  npm start          # migrations + demo data on the first run, then http://127.0.0.1:9000/docs')
  out()
  out('The demo admin login is in .env (COMPTOIR_ADMIN_EMAIL / COMPTOIR_ADMIN_PASSWORD); README.md explains the rest.')
}
