import { createInterface } from 'node:readline/promises'
import type { CliFlags } from './args.js'
import { CancelledError, UsageError } from './errors.js'
import { defaultCurrencies, defaultDirectory, resolveDirectory, type StoreOptions } from './options.js'
import { defaultPlugins, pluginChoices, resolvePlugins } from './plugins.js'
import { parseCurrencies, titleFromSlug, validateDatabaseUrl, validateRedisUrl, validateStoreName } from './validate.js'

export interface PromptIo {
  input: NodeJS.ReadableStream
  output: NodeJS.WritableStream
  terminal: boolean
}

/** One question at a time; an empty answer takes the default. */
interface Prompter {
  ask: (question: string, fallback: string, shown?: string) => Promise<string>
  close: () => void
}

function createPrompter (io: PromptIo): Prompter {
  const rl = createInterface({ input: io.input, output: io.output, terminal: io.terminal })
  // Ctrl-C while a question waits: end the line stream, which cancels the run.
  rl.on('SIGINT', () => { io.output.write('\n'); rl.close() })
  // Lines are read through the iterator (not rl.question) so answers piped in before a question
  // is printed are buffered, not lost: the same code serves a terminal and `printf ... |`.
  const lines = rl[Symbol.asyncIterator]()
  return {
    async ask (question, fallback, shown = fallback) {
      rl.setPrompt(`? ${question}${shown === '' ? '' : ` (${shown})`} `)
      rl.prompt()
      const next = await lines.next()
      if (next.done === true) throw new CancelledError('Cancelled: nothing was written.')
      if (!io.terminal) io.output.write('\n')
      const answer = (next.value as string).trim()
      return answer === '' ? fallback : answer
    },
    close () { rl.close() },
  }
}

/** Asks until `parse` accepts the answer (its UsageError message is shown), at most 5 times. */
async function askValid<T> (prompter: Prompter, io: PromptIo, question: string, fallback: string, parse: (answer: string) => T, shown?: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const answer = await prompter.ask(question, fallback, shown)
    try {
      return parse(answer)
    } catch (error) {
      if (!(error instanceof UsageError) || attempt >= 5) throw error
      io.output.write(`  ${error.message}\n`)
    }
  }
}

/**
 * The interactive run: asks for what the flags did not give, validating each answer on the spot.
 * `checkTarget` runs as soon as the folder is known, so a non-empty folder is refused before the
 * other questions.
 */
export async function promptOptions (flags: CliFlags, cwd: string, io: PromptIo, checkTarget: (target: string) => Promise<void>): Promise<StoreOptions> {
  const prompter = createPrompter(io)
  try {
    const where = flags.directory != null
      ? resolveDirectory(flags.directory, cwd)
      : await askValid(prompter, io, 'Project folder', defaultDirectory, (answer) => resolveDirectory(answer, cwd))
    await checkTarget(where.target)
    const storeName = flags.name != null
      ? validateStoreName(flags.name)
      : await askValid(prompter, io, 'Store name', titleFromSlug(where.projectName), validateStoreName)
    const currencies = flags.currencies != null
      ? parseCurrencies(flags.currencies)
      : await askValid(prompter, io, 'Currencies, ISO 4217, the first is the default', defaultCurrencies, parseCurrencies)
    if (flags.plugins == null) {
      io.output.write('  Plugins:\n')
      for (const plugin of pluginChoices) io.output.write(`    ${plugin.name.padEnd(16)} ${plugin.summary}${plugin.needs.length > 0 ? ` (needs ${plugin.needs.join(', ')})` : ''}\n`)
    }
    const resolved = flags.plugins != null
      ? resolvePlugins(flags.plugins)
      : await askValid(prompter, io, 'Plugins, comma-separated', defaultPlugins.join(','), resolvePlugins)
    const databaseUrl = flags.databaseUrl != null
      ? (flags.databaseUrl.trim() === '' ? null : validateDatabaseUrl(flags.databaseUrl))
      : await askValid(prompter, io, 'PostgreSQL URL, empty for the embedded database', '', (a) => a === '' ? null : validateDatabaseUrl(a), 'embedded')
    const redisUrl = flags.redisUrl != null
      ? (flags.redisUrl.trim() === '' ? null : validateRedisUrl(flags.redisUrl))
      : await askValid(prompter, io, 'Redis URL, empty for in-process jobs', '', (a) => a === '' ? null : validateRedisUrl(a), 'none')
    return { ...where, storeName, currencies, plugins: resolved.plugins, added: resolved.added, databaseUrl, redisUrl }
  } finally {
    prompter.close()
  }
}
