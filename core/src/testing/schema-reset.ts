import type { Knex } from 'knex'

/** What a freshly migrated schema holds besides empty tables: seeded rows and sequence positions. */
export interface Baseline {
  signature: string
  rows: Array<{ table: string, json: string }>
  sequences: Array<{ name: string, value: string, called: boolean }>
}

// The migrations' own bookkeeping stays as it is: the schema stays migrated.
const dataTables = `select c.relname as name, c.reltuples >= 0 as analysed from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = ? and c.relkind in ('r', 'p') and c.relname not like 'comptoir\\_migrations\\_%' order by 1`

async function rowsOf<T> (knex: Knex, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  return ((await knex.raw(sql, bindings as Knex.RawBinding[])) as { rows: T[] }).rows
}

/** The schema's shape: relations with their kinds and column counts. A test that changed it is seen. */
export async function signatureOf (knex: Knex, schema: string): Promise<string> {
  const [found] = await rowsOf<{ signature: string | null }>(knex, `select md5(string_agg(c.relname::text || ':' || c.relkind::text || ':' || c.relnatts::text, ',' order by c.relname)) as signature
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ?`, [schema])
  return found?.signature ?? ''
}

/** Reads what the migrations left in a schema, to put it back after each test. */
export async function baselineOf (knex: Knex, schema: string): Promise<Baseline> {
  const rows: Baseline['rows'] = []
  for (const { name } of await rowsOf<{ name: string }>(knex, dataTables, [schema])) {
    const [found] = await rowsOf<{ json: string | null }>(knex, `select json_agg(t)::text as json from ??.?? t`, [schema, name])
    if (found?.json != null) rows.push({ table: name, json: found.json })
  }
  const sequences: Baseline['sequences'] = []
  const names = await rowsOf<{ name: string }>(knex, `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relkind = 'S' order by 1`, [schema])
  for (const { name } of names) {
    const [position] = await rowsOf<{ value: string, called: boolean }>(knex, 'select last_value::text as value, is_called as called from ??.??', [schema, name])
    if (position != null) sequences.push({ name, ...position })
  }
  return { signature: await signatureOf(knex, schema), rows, sequences }
}

/**
 * Puts a schema back as its migrations left it. Deleting the few rows a test wrote costs
 * milliseconds where TRUNCATE creates a new file per table and index; tables a test analysed
 * are truncated as well, so their planner statistics read "never analysed" as on a new table.
 */
export async function resetSchema (knex: Knex, schema: string, baseline: Baseline): Promise<void> {
  await knex.transaction(async (trx) => {
    // Replica mode skips foreign-key checks and triggers: tables empty in any order.
    await trx.raw('set local session_replication_role = replica')
    const tables = await rowsOf<{ name: string, analysed: boolean }>(trx, dataTables, [schema])
    for (const { name } of tables) await trx.raw('delete from ??.??', [schema, name])
    const analysed = tables.filter((t) => t.analysed)
    if (analysed.length > 0) await trx.raw(`truncate ${analysed.map(() => '??.??').join(', ')} cascade`, analysed.flatMap((t) => [schema, t.name]))
    for (const { table, json } of baseline.rows) {
      await trx.raw('insert into ??.?? select * from json_populate_recordset(null::??.??, ?::json)', [schema, table, schema, table, json])
    }
    for (const { name, value, called } of baseline.sequences) {
      await trx.raw('select setval(?::regclass, ?::bigint, ?)', [`"${schema}"."${name}"`, value, called])
    }
  })
}
