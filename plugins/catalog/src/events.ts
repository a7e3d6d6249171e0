import { CurrencyCode, Type, type Static } from '@comptoir/core'

const Id = Type.String({ format: 'uuid' })
/** The most ids one batch event carries (bulk writers split larger batches). */
export const maxBatch = 5000
const Changed = Type.Array(Type.String(), { description: 'Names of the fields that changed' })

export const ProductCreated = Type.Object({ productId: Id, handle: Type.String(), status: Type.String() })
export const ProductUpdated = Type.Object({ productId: Id, handle: Type.String(), status: Type.String(), changed: Changed })
export const ProductDeleted = Type.Object({ productId: Id, handle: Type.String(), variantIds: Type.Array(Id) })
export const VariantCreated = Type.Object({ variantId: Id, productId: Id, sku: Type.Union([Type.String(), Type.Null()]) })
/** Bulk writes (seed, CSV import) emit one of these per batch instead of one event per row. */
export const ProductsCreated = Type.Object({
  products: Type.Array(Type.Object({ productId: Id, handle: Type.String(), status: Type.String() }), { maxItems: maxBatch }),
}, { description: 'Products a bulk write created, in one batch: handle them set-wise (one statement for all)' })
export const VariantsCreated = Type.Object({
  variants: Type.Array(Type.Object({ variantId: Id, productId: Id, sku: Type.Union([Type.String(), Type.Null()]) }), { maxItems: maxBatch }),
}, { description: 'Variants a bulk write created (with their prices), in one batch: handle them set-wise' })
export const VariantUpdated = Type.Object({ variantId: Id, productId: Id, sku: Type.Union([Type.String(), Type.Null()]), changed: Changed })
export const VariantDeleted = Type.Object({ variantId: Id, productId: Id, sku: Type.Union([Type.String(), Type.Null()]) })
export const PriceUpdated = Type.Object({
  variantId: Id,
  productId: Id,
  prices: Type.Array(Type.Object({
    currency: CurrencyCode,
    amount: Type.Union([Type.Integer(), Type.Null()], { description: 'Null: the price in this currency was removed' }),
    compareAtAmount: Type.Union([Type.Integer(), Type.Null()]),
  })),
})
export const PriceListChanged = Type.Object({ priceListId: Id })
export const CategoryChanged = Type.Object({ categoryId: Id, handle: Type.String() })
export const CollectionChanged = Type.Object({ collectionId: Id, handle: Type.String() })
export const ImportFinished = Type.Object({
  importId: Id,
  status: Type.Union([Type.Literal('completed'), Type.Literal('failed')]),
  rowsProcessed: Type.Integer(),
  rowsFailed: Type.Integer(),
})

/** Every event the catalog emits through the outbox: name → payload schema. */
export const catalogEvents = {
  'catalog.product.created': ProductCreated,
  'catalog.product.updated': ProductUpdated,
  'catalog.product.deleted': ProductDeleted,
  'catalog.variant.created': VariantCreated,
  'catalog.products.created': ProductsCreated,
  'catalog.variants.created': VariantsCreated,
  'catalog.variant.updated': VariantUpdated,
  'catalog.variant.deleted': VariantDeleted,
  'catalog.price.updated': PriceUpdated,
  'catalog.price-list.created': PriceListChanged,
  'catalog.price-list.updated': PriceListChanged,
  'catalog.price-list.deleted': PriceListChanged,
  'catalog.category.created': CategoryChanged,
  'catalog.category.updated': CategoryChanged,
  'catalog.category.deleted': CategoryChanged,
  'catalog.collection.created': CollectionChanged,
  'catalog.collection.updated': CollectionChanged,
  'catalog.collection.deleted': CollectionChanged,
  'catalog.import.finished': ImportFinished,
} as const

export type CatalogEvents = typeof catalogEvents
export type CatalogEventName = keyof CatalogEvents
/** The payload of a catalog event, for subscribers in other plugins (`import type`). */
export type CatalogEventPayload<N extends CatalogEventName> = Static<CatalogEvents[N]>
