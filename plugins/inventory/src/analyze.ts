import type { Db } from '@comptoir/core'

/**
 * Fresh planner statistics once a bulk write (stock import, seed) is done: the tables have none
 * right after thousands of rows arrive, and stock queries would scan instead of using their indexes.
 */
export async function analyzeInventory (db: Db): Promise<void> {
  await db.raw('analyze "inventory_items", "inventory_levels", "inventory_movements"')
}
