import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { buildApp, systemActor, type Command } from '@comptoir/core'

const width = 30

function bar (percent: number): string {
  const filled = Math.round(percent * width / 100)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}%`
}

/**
 * `comptoir import products FILE.csv`: imports a Shopify product CSV in this process (no job),
 * streaming the file, with a progress bar; prints the counts and the first rejected rows.
 * Exit code 0 when every row was imported, 1 when some were rejected or the file was refused.
 */
export const importProductsCommand: Command = {
  name: 'import',
  summary: 'Import a Shopify product CSV into the catalog',
  usage: 'comptoir import products FILE.csv',
  async run ({ args, config, out, progress }) {
    const [what, file] = args
    if (what !== 'products' || file == null) {
      out('Usage: comptoir import products FILE.csv')
      return 2
    }
    // Checked before opening the store, as export products checks its folder.
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => error)
    if (info instanceof Error) {
      out(`Cannot read '${file}': ${info.code === 'ENOENT' ? 'no such file' : info.message}.`)
      return 1
    }
    if (!info.isFile()) {
      out(`Cannot read '${file}': it is a folder, not a CSV file.`)
      return 1
    }
    const size = info.size
    const app = await buildApp({ config, runJobs: false, logger: false })
    const lines: string[] = []
    let code: number
    try {
      let shown = -1
      const ctx = app.comptoir.systemCtx(systemActor)
      const result = await app.services.catalogImports.importStream(ctx, createReadStream(file), {
        filename: path.basename(file),
        bytesTotal: size,
        onPercent: (percent) => {
          if (percent - shown >= 2 || percent === 100) { shown = percent; progress(`importing ${path.basename(file)} ${bar(percent)}`) }
        },
      })
      lines.push(`Import ${result.id}: ${result.status}. ${result.rowsProcessed} rows; products ${result.productsCreated} created, ${result.productsUpdated} updated; variants ${result.variantsCreated} created, ${result.variantsUpdated} updated; ${result.rowsFailed} rows rejected.`)
      if (result.error != null) lines.push(`Stopped: ${result.error}`)
      if (result.rowsFailed > 0) {
        const errors = await app.services.catalogImports.errors(ctx, result.id, { limit: 20 })
        for (const e of errors.items) lines.push(`  row ${e.row}${e.column != null ? ` (${e.column})` : ''}: ${e.reason}`)
        if (result.rowsFailed > errors.items.length) lines.push(`  … all of them: GET /admin/product-imports/${result.id}/errors`)
      }
      code = result.status === 'completed' && result.rowsFailed === 0 ? 0 : 1
    } finally {
      await app.close()
    }
    // Printed once the store is closed: the counts describe what is on disk.
    for (const line of lines) out(line)
    return code
  },
}
