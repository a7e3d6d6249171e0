import { definePlugin } from '@comptoir/core'
import { exportProductsCommand } from './cli/export-products.js'
import { importProductsCommand } from './cli/import-products.js'
import { CatalogConfig } from './config.js'
import { catalogEvents } from './events.js'
import { importProductsJob } from './jobs/import-products.js'
import { adminRoutes } from './routes/admin.js'
import { storeRoutes } from './routes/store.js'
import { seedCatalog } from './seed/demo.js'
import { createAvailabilityRegistry, type AvailabilityRegistry } from './services/availability.js'
import { createCategoryService, type CategoryService } from './services/categories.js'
import { createCollectionService, type CollectionService } from './services/collections.js'
import { createImageService, type ImageService } from './services/images.js'
import { createImportService, type ImportService } from './services/imports.js'
import { createOptionService, type OptionService } from './services/options.js'
import { createPriceService, type PriceService } from './services/prices.js'
import { createProductService, type ProductService } from './services/products.js'
import { createStorefrontService, type StorefrontService } from './services/storefront.js'
import { createVariantService, type VariantService } from './services/variants.js'

export default definePlugin({
  name: 'catalog',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: {},
  config: CatalogConfig,
  services: {
    catalog: createProductService,
    catalogOptions: createOptionService,
    catalogVariants: createVariantService,
    catalogImages: createImageService,
    catalogPrices: createPriceService,
    catalogCategories: createCategoryService,
    catalogCollections: createCollectionService,
    catalogStorefront: createStorefrontService,
    catalogImports: createImportService,
    catalogAvailability: createAvailabilityRegistry,
  },
  routes: { admin: adminRoutes, store: storeRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: catalogEvents,
  jobs: { 'catalog.import-products': importProductsJob },
  permissions: ['catalog:read', 'catalog:write'],
  commands: [importProductsCommand, exportProductsCommand],
  seed: seedCatalog,
})

export { CatalogConfig } from './config.js'
export { catalogEvents, type CatalogEventName, type CatalogEventPayload } from './events.js'
export * from './errors.js'
export * from './schemas/index.js'
export { importProductsCommand } from './cli/import-products.js'
export { exportProductsCommand } from './cli/export-products.js'
export { generateCatalog, type GenerateOptions } from './seed/generate.js'
export { seedCatalog, type SeedOptions } from './seed/demo.js'
export type { AvailabilityProvider, AvailabilityRegistry } from './services/availability.js'
export type { PurchasableVariant } from './queries/purchasable.js'
export type {
  CategoryService, CollectionService, ImageService, ImportService, OptionService, PriceService, ProductService, StorefrontService, VariantService,
}

/** Catalog commands for the kernel CLI (`comptoir import products FILE.csv`, `comptoir export products FILE.csv`). */
export const commands = [importProductsCommand, exportProductsCommand] as const

declare module '@comptoir/core' {
  interface Services {
    catalog: ProductService
    catalogOptions: OptionService
    catalogVariants: VariantService
    catalogImages: ImageService
    catalogPrices: PriceService
    catalogCategories: CategoryService
    catalogCollections: CollectionService
    catalogStorefront: StorefrontService
    catalogImports: ImportService
    catalogAvailability: AvailabilityRegistry
  }
}
