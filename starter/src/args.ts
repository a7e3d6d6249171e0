import { UsageError } from './errors.js'

/** What the command line said; every field is optional until defaults and prompts fill it. */
export interface CliFlags {
  directory?: string
  yes: boolean
  interactive: boolean
  help: boolean
  /** Depend on the published @comptoir releases even when run from a checkout. */
  published: boolean
  name?: string
  currencies?: string
  plugins?: string
  databaseUrl?: string
  redisUrl?: string
}

const valueFlags = { '--name': 'name', '--currencies': 'currencies', '--plugins': 'plugins', '--database-url': 'databaseUrl', '--redis-url': 'redisUrl' } as const
const booleanFlags = { '--yes': 'yes', '-y': 'yes', '--interactive': 'interactive', '--help': 'help', '-h': 'help', '--published': 'published' } as const

type ValueFlag = keyof typeof valueFlags
type BooleanFlag = keyof typeof booleanFlags

const isValueFlag = (flag: string): flag is ValueFlag => Object.hasOwn(valueFlags, flag)
const isBooleanFlag = (flag: string): flag is BooleanFlag => Object.hasOwn(booleanFlags, flag)

/**
 * Parses `create-comptoir [dir] [flags]`: `--flag value` or `--flag=value`. Anything it does not
 * know is refused rather than ignored, so a typo never scaffolds a store the user did not ask for.
 */
export function parseArgs (argv: readonly string[]): CliFlags {
  const flags: CliFlags = { yes: false, interactive: false, help: false, published: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (!arg.startsWith('-') || arg === '-') {
      if (flags.directory != null) throw new UsageError(`Too many arguments: '${flags.directory}' and '${arg}'. Give one project folder, e.g. create-comptoir my-store.`)
      flags.directory = arg
      continue
    }
    const eq = arg.indexOf('=')
    const flag = eq === -1 ? arg : arg.slice(0, eq)
    const inline = eq === -1 ? undefined : arg.slice(eq + 1)
    if (isBooleanFlag(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value (got '${arg}').`)
      flags[booleanFlags[flag]] = true
    } else if (isValueFlag(flag)) {
      const value = inline ?? argv[i + 1]
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        throw new UsageError(`${flag} needs a value, e.g. ${example[flag]}.`)
      }
      if (inline === undefined) i++
      flags[valueFlags[flag]] = value
    } else {
      throw new UsageError(`Unknown option '${flag}'. Run create-comptoir --help to list the options.`)
    }
  }
  return flags
}

const example: Record<ValueFlag, string> = {
  '--name': '--name "My Store"',
  '--currencies': '--currencies EUR,USD',
  '--plugins': '--plugins catalog,customers,inventory,orders',
  '--database-url': '--database-url postgres://user:pass@localhost:5432/store',
  '--redis-url': '--redis-url redis://localhost:6379',
}

export const helpText = `Usage: create-comptoir [dir] [options]

Scaffolds a Comptoir store in [dir] (default: my-comptoir-store). Asks a few questions when run in
a terminal; --yes (or a non-terminal stdin) takes the defaults and the flags below instead.

Options:
  --name "My Store"             store name (default: from the folder name)
  --currencies EUR,USD          ISO 4217 codes; the first is the storefront default (default: EUR,USD)
  --plugins a,b,...             catalog, customers, inventory, orders, payments-stripe, suppliers, crm,
                                analytics, webhooks, recommendations
                                (default: catalog,customers,inventory,orders); plugins that a chosen
                                one needs are added (orders needs catalog, customers and inventory)
  --database-url URL            postgres://… (default: the embedded database, no server needed)
  --redis-url URL               redis://… for jobs on BullMQ (default: in-process jobs)
  --published                   depend on the published @comptoir releases (^version) even when
                                run from a Comptoir checkout, which otherwise packs its own
                                packages into the store's vendor/ folder (installs offline)
  -y, --yes                     do not ask; use the flags and defaults
  --interactive                 ask even when stdin is not a terminal (answers read line by line)
  -h, --help                    show this help

Examples:
  npm create comptoir@latest my-store
  npx create-comptoir my-store --yes --plugins catalog,orders,payments-stripe --currencies EUR
`
