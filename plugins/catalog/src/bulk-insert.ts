import type { Db } from '@comptoir/core'

/**
 * Inserts many rows in one statement whatever their count: the rows travel as one JSON
 * parameter and `json_populate_recordset` types them by the table's own columns. A multi-row
 * VALUES list would hit PostgreSQL's 65,535 bind parameters past a few thousand rows, and COPY
 * FROM STDIN is not available on the embedded engine; this runs the same on both.
 * Only the columns named in `columns` are written: the others take their defaults.
 */
export async function insertRows (db: Db, table: string, columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>,
  suffix = ''): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return []
  const list = columns.map((c) => `"${c}"`).join(', ')
  const result = await db.raw(`insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", ?::json) ${suffix}`,
    [JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))))]) as { rows?: Array<Record<string, unknown>> }
  return result.rows ?? []
}
