import { definePlugin } from '@comptoir/core'
import type {} from '@comptoir/plugin-catalog'
import type {} from '@comptoir/plugin-inventory'
import type {} from '@comptoir/plugin-orders'
import { suppliersAdmin } from './admin.js'
import { SuppliersConfig } from './config.js'
import { suppliersEvents } from './events.js'
import { adminRoutes } from './routes/admin.js'
import { seedSuppliers } from './seed.js'
import { createCarrierService, type CarriersService } from './services/carriers.js'
import { createDocumentService, type DocumentService } from './services/documents.js'
import { createItemService, type ItemService } from './services/items.js'
import { createPerformanceService, type PerformanceService } from './services/performance.js'
import { createPurchaseOrderService, type PurchaseOrderService } from './services/purchase-orders.js'
import { createReceivingService, type ReceivingService } from './services/receiving.js'
import { createReplenishmentOrderService, type ReplenishmentOrderService } from './services/replenishment.js'
import { createSupplierService, type SupplierService } from './services/suppliers.js'
import { dropItemsOfDeletedVariant } from './subscribers/drop-items-of-deleted-variant.js'

/**
 * Suppliers and what they sell us, purchase orders received into inventory's ledger, replenishment
 * turned into draft orders, and carriers whose rates checkout offers. Stock moves only through
 * inventory's services, in the caller's transaction; shipping options reach checkout through
 * orders' shipping option provider registry. Supplier contacts are B2B data, not customers': no
 * personalData contributor (see docs/plugins/suppliers.md).
 */
export default definePlugin({
  name: 'suppliers',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { catalog: '^0.1.0', inventory: '^0.1.0', orders: '^0.1.0' },
  config: SuppliersConfig,
  services: {
    suppliers: createSupplierService,
    suppliersItems: createItemService,
    suppliersPurchaseOrders: createPurchaseOrderService,
    suppliersReceiving: createReceivingService,
    suppliersReplenishment: createReplenishmentOrderService,
    suppliersDocuments: createDocumentService,
    suppliersPerformance: createPerformanceService,
    suppliersCarriers: createCarrierService,
  },
  routes: { admin: adminRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: suppliersEvents,
  subscribers: {
    'catalog.variant.deleted': dropItemsOfDeletedVariant,
  },
  permissions: ['suppliers:read', 'suppliers:write'],
  seed: seedSuppliers,
  admin: suppliersAdmin,
  onBoot (services, { config }) {
    // Checkout offers active carrier rates next to orders' own shipping options.
    if (config.offerCarrierRates) {
      services.ordersShippingProviders.register({
        id: 'suppliers',
        optionsFor: async (ctx, query) => await services.suppliersCarriers.shippingOptionsFor(ctx, query.country, query.currency),
      })
    }
  },
})

export { SuppliersConfig } from './config.js'
export { suppliersEvents, type SuppliersEventName, type SuppliersEventPayload } from './events.js'
export * from './errors.js'
export * from './schemas/index.js'
export { landedUnitCosts } from './services/landed-cost.js'
export { orderQuantity, packsToReachMinimum } from './services/replenishment.js'
export { deliveryDay } from './services/carriers.js'
export type { SupplierService, ItemService, PurchaseOrderService, ReceivingService, ReplenishmentOrderService, DocumentService, PerformanceService, CarriersService }

declare module '@comptoir/core' {
  interface Services {
    suppliers: SupplierService
    suppliersItems: ItemService
    suppliersPurchaseOrders: PurchaseOrderService
    suppliersReceiving: ReceivingService
    suppliersReplenishment: ReplenishmentOrderService
    suppliersDocuments: DocumentService
    suppliersPerformance: PerformanceService
    suppliersCarriers: CarriersService
  }
}
