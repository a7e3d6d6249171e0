import type { Db } from '@comptoir/core'

/**
 * Runs independent queries: together on the pool, one after the other in a transaction (one
 * connection runs one query at a time; pg warns on overlapping ones).
 */
export async function allOn<T extends readonly unknown[]> (db: Db, tasks: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  if ((db as { isTransaction?: boolean }).isTransaction === true) {
    const results: unknown[] = []
    for (const task of tasks) results.push(await task())
    return results as unknown as T
  }
  return await Promise.all(tasks.map(async (task) => await task())) as unknown as T
}
