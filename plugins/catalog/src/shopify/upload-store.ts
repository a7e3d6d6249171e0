import { parse } from 'csv-parse/sync'
import type { Ctx } from '@comptoir/core'
import { EmptyImportError, ImportHeaderError, ImportTooLargeError } from '../errors.js'
import { headerProblem } from './columns.js'

/** Bytes per stored chunk of an upload. */
const chunkBytes = 1024 * 1024

/** Checks the first line of an upload before storing it: a file without a Handle column is refused at once. */
function checkHeader (head: Buffer): void {
  const text = head.toString('utf8')
  const end = text.search(/\r?\n/)
  const line = end === -1 ? text : text.slice(0, end)
  let header: string[] = []
  try {
    header = (parse(line, { bom: true, relax_quotes: true }) as string[][])[0]?.map((h) => h.trim()) ?? []
  } catch {}
  const problem = headerProblem(header)
  if (problem != null) throw new ImportHeaderError(problem)
}

/** Writes a request body into catalog_import_chunks as it arrives; resolves to its size in bytes. */
export async function storeUpload (ctx: Ctx, importId: string, body: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<number> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let total = 0
  let seq = 0
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return
    const data = Buffer.concat(pending)
    if (seq === 0) checkHeader(data)
    await ctx.db('catalog_import_chunks').insert({ import_id: importId, seq: seq++, data })
    pending = []
    pendingBytes = 0
  }
  for await (const part of body) {
    const chunk = typeof part === 'string' ? Buffer.from(part) : Buffer.from(part.buffer, part.byteOffset, part.byteLength)
    total += chunk.length
    if (total > maxBytes) throw new ImportTooLargeError(maxBytes)
    pending.push(chunk)
    pendingBytes += chunk.length
    if (pendingBytes >= chunkBytes) await flush()
  }
  await flush()
  if (total === 0) throw new EmptyImportError()
  return total
}
