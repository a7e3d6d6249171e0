import type { StoreConfig } from '../config.js'

/** What a CLI command gets: its arguments, flags, the loaded store config and where to print. */
export interface CommandInput {
  args: string[]
  flags: Record<string, string | boolean>
  config: StoreConfig
  out: (line: string) => void
  /** Progress of a long command, on stderr; a no-op when not a terminal. */
  progress: (message: string) => void
}

/** One `comptoir <name>` command. Resolves to the process exit code. */
export interface Command {
  name: string
  summary: string
  usage: string
  run: (input: CommandInput) => Promise<number>
}
