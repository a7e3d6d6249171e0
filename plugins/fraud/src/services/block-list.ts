import { isUniqueViolation, keysetPage, type Cradle, type Ctx, type PageOf, type PluginScope } from '@comptoir/core'
import type { FraudConfig } from '../config.js'
import { BlockEntryExistsError, BlockEntryNotFoundError } from '../errors.js'
import type { BlockEntry, BlockEntryInput, BlockKind, BlockListQuery } from '../schemas.js'
import { createHasher, emailDomain, normalizeEmail } from './hashing.js'

interface BlockRow { id: string, kind: BlockKind, value: string, value_hash: string, note: string | null, created_by: string, created_at: Date }

function toBlockEntry (row: BlockRow): BlockEntry {
  return { id: row.id, kind: row.kind, value: row.value, note: row.note, createdBy: row.created_by, createdAt: new Date(row.created_at).toISOString() }
}

/** How each kind of entry is normalised before it is hashed and compared. */
export function normalizeBlockValue (kind: BlockKind, value: string): string {
  const v = value.trim()
  if (kind === 'email') return normalizeEmail(v)
  if (kind === 'email_domain') return emailDomain(v.includes('@') ? v : `x@${v}`)
  if (kind === 'address') return v.toLowerCase().replace(/[\s,.]+/g, ' ').trim().replace(/ ?\| ?/g, '|')
  if (kind === 'ip') return v.toLowerCase()
  return v
}

/** The store's block list: emails, email domains, IPs, device ids, addresses and card fingerprints. A hit adds `block_list`'s weight. */
export function createBlockListService (cradle: Cradle, scope: PluginScope<FraudConfig>) {
  const hash = createHasher(scope.config.hashSecret)
  return {
    hashOf (kind: BlockKind, value: string): string {
      return hash(`${kind}:${normalizeBlockValue(kind, value)}`)
    },

    async list (ctx: Ctx, query: BlockListQuery): Promise<PageOf<BlockEntry>> {
      const builder = ctx.db('fraud_block_list').select('id', 'kind', 'value', 'value_hash', 'note', 'created_by', 'created_at')
      if (query.kind != null) builder.where({ kind: query.kind })
      const page = await keysetPage<BlockRow>(builder, query, { list: 'fraud-block-list', columns: ['created_at', 'id'], direction: 'desc', keyOf: (r) => [new Date(r.created_at).toISOString(), r.id] })
      return { items: page.items.map(toBlockEntry), nextCursor: page.nextCursor }
    },

    /** Adds an entry; the same value twice is 409 FRAUD_BLOCK_ENTRY_EXISTS. */
    async add (ctx: Ctx, input: BlockEntryInput): Promise<BlockEntry> {
      const value = normalizeBlockValue(input.kind, input.value)
      try {
        const [row] = await ctx.db.transaction(async (sp) => await sp('fraud_block_list').insert({
          kind: input.kind, value, value_hash: hash(`${input.kind}:${value}`), note: input.note ?? null, created_by: `${ctx.actor?.type ?? 'system'}:${ctx.actor?.id ?? 'system'}`,
        }).returning(['id', 'kind', 'value', 'value_hash', 'note', 'created_by', 'created_at'])) as BlockRow[]
        return toBlockEntry(row!)
      } catch (error) {
        if (isUniqueViolation(error, 'fraud_block_list_value_unique')) throw new BlockEntryExistsError(input.kind, { cause: error })
        throw error
      }
    },

    async remove (ctx: Ctx, entryId: string): Promise<void> {
      const removed = await ctx.db('fraud_block_list').where({ id: entryId }).delete()
      if (removed === 0) throw new BlockEntryNotFoundError(entryId)
    },

    /** The hashes `candidates` are matched on (for a lookup folded into another statement). */
    hashesOf (candidates: Array<{ kind: BlockKind, value: string | null }>): string[] {
      return candidates.filter((c) => c.value != null && c.value !== '').map((c) => hash(`${c.kind}:${normalizeBlockValue(c.kind, c.value!)}`))
    },

    /** The kinds of `candidates` that are on the list (one query). */
    async matches (ctx: Ctx, candidates: Array<{ kind: BlockKind, value: string | null }>): Promise<BlockKind[]> {
      const hashes = candidates.filter((c) => c.value != null && c.value !== '').map((c) => ({ kind: c.kind, hash: hash(`${c.kind}:${normalizeBlockValue(c.kind, c.value!)}`) }))
      if (hashes.length === 0) return []
      const rows = await ctx.db('fraud_block_list').select('kind').whereIn('value_hash', hashes.map((h) => h.hash)) as Array<{ kind: BlockKind }>
      return [...new Set(rows.map((r) => r.kind))]
    },
  }
}
export type BlockListService = ReturnType<typeof createBlockListService>
