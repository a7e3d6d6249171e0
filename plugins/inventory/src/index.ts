import { definePlugin } from '@comptoir/core'
import { InventoryConfig } from './config.js'
import { inventoryEvents } from './events.js'
import { importStockLevelsJob } from './jobs/import-stock-levels.js'
import { recomputeReplenishmentJob } from './jobs/recompute-replenishment.js'
import { releaseExpiredReservationsJob } from './jobs/release-expired-reservations.js'
import { adminRoutes } from './routes/admin.js'
import { storeRoutes } from './routes/store.js'
import { seedInventory } from './seed.js'
import { createAllocationRegistry, type AllocationRegistry } from './services/allocation.js'
import { createImportService, type ImportService } from './services/imports.js'
import { createItemService, type ItemService } from './services/items.js'
import { createLedgerService, type LedgerService } from './services/ledger.js'
import { createLevelService, type LevelService } from './services/levels.js'
import { createLocationService, type LocationService } from './services/locations.js'
import { createReplenishmentService, type ReplenishmentService } from './services/replenishment.js'
import { createInventoryService, type InventoryStockService } from './services/stock.js'
import { createTransferService, type TransferService } from './services/transfers.js'
import { dropStockOfDeletedVariant } from './subscribers/drop-stock-of-deleted-variant.js'
import { ensureItemsOfCreatedVariants } from './subscribers/ensure-items-of-created-variants.js'
import { syncSkuOfUpdatedVariant } from './subscribers/sync-sku-of-updated-variant.js'

export default definePlugin({
  name: 'inventory',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { catalog: '^0.1.0' },
  config: InventoryConfig,
  services: {
    inventory: createInventoryService,
    inventoryAllocation: createAllocationRegistry,
    inventoryLocations: createLocationService,
    inventoryItems: createItemService,
    inventoryLevels: createLevelService,
    inventoryLedger: createLedgerService,
    inventoryTransfers: createTransferService,
    inventoryReplenishment: createReplenishmentService,
    inventoryImports: createImportService,
  },
  routes: { admin: adminRoutes, store: storeRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: inventoryEvents,
  jobs: {
    'inventory.release-expired-reservations': releaseExpiredReservationsJob,
    'inventory.recompute-replenishment': recomputeReplenishmentJob,
    'inventory.import-stock-levels': importStockLevelsJob,
  },
  subscribers: {
    'catalog.variant.deleted': dropStockOfDeletedVariant,
    'catalog.variants.created': ensureItemsOfCreatedVariants,
    'catalog.variant.updated': syncSkuOfUpdatedVariant,
  },
  permissions: ['inventory:read', 'inventory:write'],
  seed: seedInventory,
  onBoot (services) {
    // Catalog storefront responses show stock status through catalog's extension point.
    services.catalogAvailability.register('inventory', async (ctx, ids) => {
      const result = new Map<string, { status: 'in_stock' | 'low_stock' | 'out_of_stock' | 'backorder', available?: number }>()
      for (const [id, a] of await services.inventory.availabilityOf(ctx, ids)) {
        result.set(id, a.available == null ? { status: a.status } : { status: a.status, available: a.available })
      }
      return result
    })
  },
})

export { InventoryConfig } from './config.js'
export { inventoryEvents, type InventoryEventName, type InventoryEventPayload } from './events.js'
export * from './errors.js'
export type * from './types.js'
export * from './schemas/index.js'
export { priorityAllocation } from './services/allocation.js'
export { smoothedDemand, planReplenishment } from './services/replenishment.js'
export type { AllocationCandidate, AllocationRequest, AllocationStrategy, AllocationRegistry } from './services/allocation.js'
export type { ImportService, ItemService, LedgerService, LevelService, LocationService, ReplenishmentService, TransferService, InventoryStockService }

declare module '@comptoir/core' {
  interface Services {
    inventory: InventoryStockService
    inventoryAllocation: AllocationRegistry
    inventoryLocations: LocationService
    inventoryItems: ItemService
    inventoryLevels: LevelService
    inventoryLedger: LedgerService
    inventoryTransfers: TransferService
    inventoryReplenishment: ReplenishmentService
    inventoryImports: ImportService
  }
}
