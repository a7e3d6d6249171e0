import { randomUUID } from 'node:crypto'
import { inTransaction, isUniqueViolation, keysetPage, type Cradle, type Ctx, type PageOf, type PageQuery } from '@comptoir/core'
import { CatalogNotFoundError, CategoryCycleError, CategoryHasChildrenError, HandleTakenError } from '../errors.js'
import { emitCatalog } from '../outbox.js'
import { categoryColumns, toCategory, toProductSummary, productColumns, type CategoryRow, type ProductRow } from '../rows.js'
import type { Category, CategoryInput, CategoryPatch, CategoryQuery, ProductSummary } from '../schemas/index.js'

function handleTaken (error: unknown, handle: string | undefined): unknown {
  return isUniqueViolation(error, 'catalog_categories_handle_unique') ? new HandleTakenError('category', handle ?? '', error) : error
}

async function findCategory (ctx: Ctx, categoryId: string, forUpdate = false): Promise<CategoryRow> {
  const query = ctx.db('catalog_categories').select(categoryColumns).where({ id: categoryId })
  const row = await (forUpdate ? query.forUpdate() : query).first() as CategoryRow | undefined
  if (row == null) throw new CatalogNotFoundError('category', categoryId)
  return row
}

/** The category with this handle, or a 404. */
export async function categoryByHandle (ctx: Ctx, handle: string): Promise<CategoryRow> {
  const row = await ctx.db('catalog_categories').select(categoryColumns).where({ handle }).first() as CategoryRow | undefined
  if (row == null) throw new CatalogNotFoundError('category', handle)
  return row
}

/** SQL matching products listed in a category or any of its descendants (`p` is the product). */
export const inCategorySql = `exists (select 1 from catalog_product_categories pc join catalog_categories c on c.id = pc.category_id
  where pc.product_id = p.id and c.path like ?)`

/**
 * Categories: a tree kept as a materialised path, so a subtree moves with one UPDATE and a
 * node's products including descendants are one indexed prefix match.
 */
export function createCategoryService ({ events }: Cradle) {
  return {
    async create (ctx: Ctx, input: CategoryInput): Promise<Category> {
      return await inTransaction(ctx, async (tx) => {
        const id = randomUUID()
        const parent = input.parentId != null ? await findCategory(tx, input.parentId, true) : null
        let row: CategoryRow
        try {
          [row] = await tx.db('catalog_categories').insert({
            id, parent_id: parent?.id ?? null, handle: input.handle, name: input.name, description: input.description ?? '',
            path: `${parent?.path ?? '/'}${id}/`, position: input.position ?? 0,
          }).returning(categoryColumns) as CategoryRow[]
        } catch (error) {
          throw handleTaken(error, input.handle)
        }
        await emitCatalog(events, tx, 'catalog.category.created', { categoryId: id, handle: row.handle })
        return toCategory(row)
      })
    },

    async get (ctx: Ctx, categoryId: string): Promise<Category> {
      return toCategory(await findCategory(ctx, categoryId))
    },

    /** Children of `parentId` by position, or the whole tree depth-first when no parent is given. */
    async list (ctx: Ctx, query: CategoryQuery): Promise<PageOf<Category>> {
      const base = ctx.db('catalog_categories').select(categoryColumns)
      const result = query.parentId != null
        ? await keysetPage<CategoryRow>(base.where({ parent_id: query.parentId }), query, { list: 'catalog.categories.children', columns: ['position', 'id'], keyOf: (r) => [r.position, r.id] })
        : await keysetPage<CategoryRow>(base, query, { list: 'catalog.categories', columns: ['path'], keyOf: (r) => [r.path] })
      return { items: result.items.map(toCategory), nextCursor: result.nextCursor }
    },

    /** Renames, or moves with the whole subtree when `parentId` changes (never under itself: 409). */
    async update (ctx: Ctx, categoryId: string, patch: CategoryPatch): Promise<Category> {
      return await inTransaction(ctx, async (tx) => {
        // Lock the node and the new parent in id order: concurrent moves cannot build a cycle.
        const ids = [categoryId, ...(patch.parentId != null ? [patch.parentId] : [])].sort()
        for (const id of ids) await findCategory(tx, id, true)
        const current = await findCategory(tx, categoryId)
        const columns: Record<string, unknown> = {}
        if (patch.handle !== undefined) columns.handle = patch.handle
        if (patch.name !== undefined) columns.name = patch.name
        if (patch.description !== undefined) columns.description = patch.description
        if (patch.position !== undefined) columns.position = patch.position
        try {
          await tx.db('catalog_categories').where({ id: categoryId }).update({ ...columns, updated_at: tx.db.fn.now() })
        } catch (error) {
          throw handleTaken(error, patch.handle)
        }
        if (patch.parentId !== undefined && patch.parentId !== current.parent_id) {
          const parent = patch.parentId != null ? await findCategory(tx, patch.parentId) : null
          if (parent != null && parent.path.startsWith(current.path)) throw new CategoryCycleError(categoryId, parent.id)
          const newPath = `${parent?.path ?? '/'}${categoryId}/`
          await tx.db('catalog_categories').where({ id: categoryId }).update({ parent_id: parent?.id ?? null })
          await tx.db('catalog_categories').whereLike('path', `${current.path}%`)
            .update({ path: tx.db.raw('? || substr(path, ?)', [newPath, current.path.length + 1]) })
        }
        const row = await findCategory(tx, categoryId)
        await emitCatalog(events, tx, 'catalog.category.updated', { categoryId, handle: row.handle })
        return toCategory(row)
      })
    },

    /** Deletes a leaf category (its products stay, unlisted from it); one with children is a 409. */
    async delete (ctx: Ctx, categoryId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const row = await findCategory(tx, categoryId, true)
        if (await tx.db('catalog_categories').where({ parent_id: categoryId }).first('id') != null) throw new CategoryHasChildrenError(categoryId)
        await tx.db('catalog_categories').where({ id: categoryId }).delete()
        await emitCatalog(events, tx, 'catalog.category.deleted', { categoryId, handle: row.handle })
      })
    },

    /** Products listed in the category or any descendant, newest first, every status. */
    async listProducts (ctx: Ctx, categoryId: string, page: PageQuery): Promise<PageOf<ProductSummary>> {
      const category = await findCategory(ctx, categoryId)
      const query = ctx.db('catalog_products as p').select(productColumns.map((c) => `p.${c}`))
        .select(ctx.db.raw(`to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`))
        .whereRaw(inCategorySql, [`${category.path}%`])
      const result = await keysetPage<ProductRow & { created_key: string }>(query, page, {
        list: `catalog.category-products.${categoryId}`, columns: ['p.created_at', 'p.id'], direction: 'desc', keyOf: (r) => [r.created_key, r.id],
      })
      return { items: result.items.map(toProductSummary), nextCursor: result.nextCursor }
    },
  }
}

export type CategoryService = ReturnType<typeof createCategoryService>
