import Type, { type Static, type TSchema } from 'typebox'
import type { Knex } from 'knex'
import { InvalidCursorError } from '../errors.js'

/** The largest page any list route returns. */
export const maxPageSize = 100

/** Query fields every list route accepts: `limit` (1–100, default 20) and an opaque `cursor`. */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxPageSize, default: 20, description: 'Items per page' })),
  cursor: Type.Optional(Type.String({ maxLength: 512, pattern: '^[A-Za-z0-9_-]+$', description: 'The `nextCursor` of the previous page' })),
})
export type PageQuery = Static<typeof PageQuery>

/** A page of items; `nextCursor` is null on the last page. */
export function Page<T extends TSchema> (item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  })
}
export interface PageOf<T> { items: T[], nextCursor: string | null }

type CursorValue = string | number

const cursorTypeErrors = new Set(['22P02', '22007', '22008', '22003', '42883', '42804'])
/** Encodes a keyset position as an opaque URL-safe string, bound to a list's name. */
export function encodeCursor (list: string, values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify({ l: list, v: values })).toString('base64url')
}

/** Decodes a cursor; a malformed one, or one from another list, is a 400. */
export function decodeCursor (list: string, cursor: string, length: number): CursorValue[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { l?: unknown, v?: unknown }
    if (parsed.l === list && Array.isArray(parsed.v) && parsed.v.length === length &&
      parsed.v.every((v) => typeof v === 'string' || typeof v === 'number')) return parsed.v as CursorValue[]
  } catch {}
  throw new InvalidCursorError()
}

/** Options of a keyset page: the columns that order the list (the last one unique, usually `id`). */
export interface KeysetOptions<Row> {
  /** Names the list so its cursors cannot be replayed on another. */
  list: string
  columns: readonly string[]
  direction?: 'asc' | 'desc'
  /** Reads a row's values of `columns`, in order. */
  keyOf: (row: Row) => readonly CursorValue[]
}

/**
 * Fetches one page with keyset pagination: `WHERE (a, b) > (?, ?) ORDER BY a, b LIMIT n+1`.
 * Cost does not grow with the page number, unlike OFFSET.
 */
export async function keysetPage<Row> (query: Knex.QueryBuilder, page: PageQuery, options: KeysetOptions<Row>): Promise<PageOf<Row>> {
  const direction = options.direction ?? 'asc'
  const limit = Math.min(page.limit ?? 20, maxPageSize)
  if (page.cursor != null) {
    const values = decodeCursor(options.list, page.cursor, options.columns.length)
    const columns = options.columns.map(() => '??').join(', ')
    const marks = values.map(() => '?').join(', ')
    query.whereRaw(`(${columns}) ${direction === 'asc' ? '>' : '<'} (${marks})`, [...options.columns, ...values])
  }
  for (const column of options.columns) query.orderBy(column, direction)
  let rows: Row[]
  try {
    rows = await query.limit(limit + 1) as Row[]
  } catch (error) {
    // A forged cursor can carry values of the wrong type (not a uuid, not a date): that is the
    // client's error, not ours. These SQLSTATEs are invalid text representation, datetime and
    // numeric range errors, and operator/type mismatches.
    if (page.cursor != null && cursorTypeErrors.has((error as { code?: string }).code ?? '')) throw new InvalidCursorError()
    throw error
  }
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  const nextCursor = rows.length > limit && last != null ? encodeCursor(options.list, options.keyOf(last)) : null
  return { items, nextCursor }
}
