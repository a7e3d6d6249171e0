import { BootError } from '../errors.js'
import type { Command } from './command.js'
import { adminCommand } from './commands/admin.js'
import { configCommand } from './commands/config-check.js'
import { jobsCommand } from './commands/jobs.js'
import { workerCommand } from './commands/worker.js'
import { migrateCommand } from './commands/migrate.js'
import { pluginsCommand } from './commands/plugins.js'
import { pluginCommand } from './commands/plugin.js'
import { pluginEntries } from '../plugins/load.js'
import { seedCommand } from './commands/seed.js'
import { startCommand } from './commands/start.js'
import { loadStoreConfig } from './load-config.js'

const commands: readonly Command[] = [startCommand, workerCommand, migrateCommand, seedCommand, pluginsCommand, pluginCommand, configCommand, adminCommand, jobsCommand]

/** Splits argv into positional arguments and flags (`--x v`, `--x=v`, `--x`, `--no-x`). */
export function parseArgs (argv: readonly string[]): { args: string[], flags: Record<string, string | boolean> } {
  const args: string[] = []
  const flags: Record<string, string | boolean> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (!arg.startsWith('--')) { args.push(arg); continue }
    const [key, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (inline !== undefined) flags[key] = inline
    else if (key.startsWith('no-')) flags[key.slice(3)] = false
    else if (argv[i + 1] != null && !(argv[i + 1] as string).startsWith('--')) flags[key] = argv[++i] as string
    else flags[key] = true
  }
  return { args, flags }
}

function help (out: (line: string) => void, available: readonly Command[]): void {
  out('Usage: comptoir <command> [options]   (--config <file> to use another comptoir.config.ts)\n')
  for (const command of available) out(`  ${command.usage.padEnd(58)} ${command.summary}`)
}

/** Runs the CLI; resolves to the exit code. */
export async function main (argv: readonly string[]): Promise<number> {
  const out = (line: string): void => { process.stdout.write(`${line}\n`) }
  const progress = (message: string): void => { process.stderr.write(`… ${message}\n`) }
  const [name, ...rest] = argv
  const { args, flags } = parseArgs(rest)
  try {
    const { config } = await loadStoreConfig(typeof flags.config === 'string' ? flags.config : undefined)
    // Kernel commands first; then those the installed plugins declare in their manifests.
    const available = [...commands, ...pluginEntries(config).flatMap((e) => e.manifest.commands ?? [])]
    const command = available.find((c) => c.name === name)
    if (command == null) {
      help(out, available)
      return name == null || name === 'help' || name === '--help' ? 0 : 2
    }
    return await command.run({ args, flags, config, out, progress })
  } catch (error) {
    if (error instanceof BootError) {
      process.stderr.write(`comptoir: ${error.message}\n`)
      return 1
    }
    throw error
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli/main.ts') === true || process.argv[1]?.endsWith('/cli/main.js') === true) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
    process.stderr.write(`comptoir: ${(error as Error).stack ?? String(error)}\n`)
    process.exitCode = 1
  })
}
