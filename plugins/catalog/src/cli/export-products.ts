import { createWriteStream } from 'node:fs'
import { constants } from 'node:fs'
import { access, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { buildApp, systemActor, type Command } from '@comptoir/core'

const usage = 'comptoir export products FILE.csv'

/**
 * `comptoir export products FILE.csv`: every product as a Shopify product CSV (what
 * `import products` reads), streamed batch by batch to a file beside FILE, renamed into place once
 * complete, so a failed export never leaves a truncated FILE. Exit code 0, 1 on a failure, 2 on usage.
 */
export const exportProductsCommand: Command = {
  name: 'export',
  summary: 'Export every product as a Shopify product CSV',
  usage,
  async run ({ args, config, out, progress }) {
    const [what, file] = args
    if (what !== 'products' || file == null) {
      out(`Usage: ${usage}`)
      return 2
    }
    const target = path.resolve(file)
    const partial = `${target}.${process.pid}.partial`
    // Checked before opening the store, which may take seconds.
    const unwritable = await access(path.dirname(target), constants.W_OK).then(() => null, (error: Error) => error)
    if (unwritable != null) {
      out(`Could not write ${file} (${unwritable.message}): pick a file in a folder you can write to.`)
      return 1
    }
    const app = await buildApp({ config, runJobs: false, serveHttp: false, logger: false })
    try {
      progress(`exporting products to ${file}`)
      await pipeline(app.services.catalogImports.exportCsv(app.comptoir.systemCtx(systemActor)), createWriteStream(partial, { flags: 'wx' }))
      await rename(partial, target)
    } catch (error) {
      await rm(partial, { force: true })
      throw error
    } finally {
      await app.close()
    }
    out(`Exported the catalog to ${file} (${(await stat(target)).size} bytes, Shopify product CSV).`)
    return 0
  },
}
