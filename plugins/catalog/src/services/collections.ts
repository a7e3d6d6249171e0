import { inTransaction, isUniqueViolation, keysetPage, type Cradle, type Ctx, type PageOf, type PageQuery } from '@comptoir/core'
import { CatalogNotFoundError, HandleTakenError, UnknownReferencesError } from '../errors.js'
import { emitCatalog } from '../outbox.js'
import { collectionColumns, toCollection, type CollectionRow } from '../rows.js'
import type { Collection, CollectionInput, CollectionPatch, CollectionProducts } from '../schemas/index.js'

function handleTaken (error: unknown, handle: string | undefined): unknown {
  return isUniqueViolation(error, 'catalog_collections_handle_unique') ? new HandleTakenError('collection', handle ?? '', error) : error
}

async function findCollection (ctx: Ctx, where: { id: string } | { handle: string }): Promise<CollectionRow> {
  const row = await ctx.db('catalog_collections').select(collectionColumns).where(where).first() as CollectionRow | undefined
  if (row == null) throw new CatalogNotFoundError('collection', 'id' in where ? where.id : where.handle)
  return row
}

/** Manual collections: a hand-picked, ordered list of products for merchandising. */
export function createCollectionService ({ events }: Cradle) {
  return {
    async create (ctx: Ctx, input: CollectionInput): Promise<Collection> {
      return await inTransaction(ctx, async (tx) => {
        let row: CollectionRow
        try {
          [row] = await tx.db('catalog_collections').insert({ handle: input.handle, title: input.title, description: input.description ?? '' })
            .returning(collectionColumns) as CollectionRow[]
        } catch (error) {
          throw handleTaken(error, input.handle)
        }
        await emitCatalog(events, tx, 'catalog.collection.created', { collectionId: row.id, handle: row.handle })
        return toCollection(row)
      })
    },

    async get (ctx: Ctx, collectionId: string): Promise<Collection> {
      return toCollection(await findCollection(ctx, { id: collectionId }))
    },

    async getByHandle (ctx: Ctx, handle: string): Promise<Collection> {
      return toCollection(await findCollection(ctx, { handle }))
    },

    /** The collection's id for a handle (storefront filters), or a 404. */
    async idOf (ctx: Ctx, handle: string): Promise<string> {
      return (await findCollection(ctx, { handle })).id
    },

    async list (ctx: Ctx, page: PageQuery): Promise<PageOf<Collection>> {
      const result = await keysetPage<CollectionRow>(ctx.db('catalog_collections').select(collectionColumns), page, {
        list: 'catalog.collections', columns: ['handle'], keyOf: (r) => [r.handle],
      })
      return { items: result.items.map(toCollection), nextCursor: result.nextCursor }
    },

    async update (ctx: Ctx, collectionId: string, patch: CollectionPatch): Promise<Collection> {
      return await inTransaction(ctx, async (tx) => {
        let row: CollectionRow | undefined
        try {
          [row] = await tx.db('catalog_collections').where({ id: collectionId }).update({ ...patch, updated_at: tx.db.fn.now() }).returning(collectionColumns) as CollectionRow[]
        } catch (error) {
          throw handleTaken(error, patch.handle)
        }
        if (row == null) throw new CatalogNotFoundError('collection', collectionId)
        await emitCatalog(events, tx, 'catalog.collection.updated', { collectionId, handle: row.handle })
        return toCollection(row)
      })
    },

    async delete (ctx: Ctx, collectionId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const [row] = await tx.db('catalog_collections').where({ id: collectionId }).delete().returning(['handle']) as Array<{ handle: string }>
        if (row == null) throw new CatalogNotFoundError('collection', collectionId)
        await emitCatalog(events, tx, 'catalog.collection.deleted', { collectionId, handle: row.handle })
      })
    },

    /** Replaces the collection's products, in display order. */
    async setProducts (ctx: Ctx, collectionId: string, productIds: readonly string[]): Promise<CollectionProducts> {
      return await inTransaction(ctx, async (tx) => {
        const row = await tx.db('catalog_collections').select('handle').where({ id: collectionId }).forUpdate().first() as { handle: string } | undefined
        if (row == null) throw new CatalogNotFoundError('collection', collectionId)
        if (productIds.length > 0) {
          const found = await tx.db('catalog_products').whereIn('id', productIds).pluck('id') as string[]
          const missing = productIds.filter((id) => !found.includes(id))
          if (missing.length > 0) throw new UnknownReferencesError('productIds', missing)
        }
        await tx.db('catalog_collection_products').where({ collection_id: collectionId }).delete()
        if (productIds.length > 0) {
          await tx.db('catalog_collection_products').insert(productIds.map((id, position) => ({ collection_id: collectionId, product_id: id, position })))
        }
        await tx.db('catalog_collections').where({ id: collectionId }).update({ updated_at: tx.db.fn.now() })
        await emitCatalog(events, tx, 'catalog.collection.updated', { collectionId, handle: row.handle })
        return { productIds: [...productIds] }
      })
    },

    async getProducts (ctx: Ctx, collectionId: string): Promise<CollectionProducts> {
      await findCollection(ctx, { id: collectionId })
      const ids = await ctx.db('catalog_collection_products').where({ collection_id: collectionId }).orderBy(['position', 'product_id']).pluck('product_id') as string[]
      return { productIds: ids }
    },
  }
}

export type CollectionService = ReturnType<typeof createCollectionService>
