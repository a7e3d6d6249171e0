import { inTransaction, isCheckViolation, keysetPage, type Cradle, type Ctx, type PageOf, type PageQuery, type PluginScope } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import { CatalogNotFoundError, InvalidPeriodError, UnknownReferencesError } from '../errors.js'
import { emitCatalog } from '../outbox.js'
import { groupBy, iso, isoOrNull } from '../rows.js'
import type { BulkPriceInput, BulkPriceResult, PriceList, PriceListInput, PriceListPatch, PriceListPrice, PriceListPricesInput } from '../schemas/index.js'
import { assertCurrency, type PriceChange } from '../variant-writes.js'

interface PriceListRow { id: string, name: string, starts_at: Date | null, ends_at: Date | null, created_at: Date, updated_at: Date, active: boolean }
const priceListColumns = ['id', 'name', 'starts_at', 'ends_at', 'created_at', 'updated_at'] as const
const activeSql = '((starts_at is null or starts_at <= now()) and (ends_at is null or ends_at > now())) as active'

function toPriceList (row: PriceListRow): PriceList {
  return { id: row.id, name: row.name, startsAt: isoOrNull(row.starts_at), endsAt: isoOrNull(row.ends_at), active: row.active, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) }
}

function periodError (error: unknown): unknown {
  return isCheckViolation(error, 'catalog_price_lists_period_check') ? new InvalidPeriodError(error) : error
}

/** Bulk base-price updates and price lists (sales between two dates that override base prices). */
export function createPriceService ({ events }: Cradle, { config }: PluginScope<CatalogConfig>) {
  async function readList (ctx: Ctx, priceListId: string): Promise<PriceList> {
    const row = await ctx.db('catalog_price_lists').select(priceListColumns).select(ctx.db.raw(activeSql)).where({ id: priceListId }).first() as PriceListRow | undefined
    if (row == null) throw new CatalogNotFoundError('price list', priceListId)
    return toPriceList(row)
  }

  /** Variant id → product id for the ids given; any unknown is a 422 naming them. */
  async function variantProducts (ctx: Ctx, variantIds: readonly string[], field: string): Promise<Map<string, string>> {
    const unique = [...new Set(variantIds)]
    const rows = unique.length === 0 ? [] : await ctx.db('catalog_variants').select('id', 'product_id').whereIn('id', unique) as Array<{ id: string, product_id: string }>
    const found = new Map(rows.map((r) => [r.id, r.product_id]))
    const missing = unique.filter((id) => !found.has(id))
    if (missing.length > 0) throw new UnknownReferencesError(field, missing)
    return found
  }

  return {
    /**
     * Writes up to 1000 base prices at once, by variant id or SKU, all or nothing. A null amount
     * removes the price; an omitted compareAtAmount keeps the current one.
     */
    async bulkUpdate (ctx: Ctx, input: BulkPriceInput): Promise<BulkPriceResult> {
      return await inTransaction(ctx, async (tx) => {
        const skus = [...new Set(input.prices.flatMap((p) => p.variantId == null && p.sku != null ? [p.sku] : []))]
        const bySku = new Map((skus.length === 0 ? [] : await tx.db('catalog_variants').select('id', 'sku').whereIn('sku', skus) as Array<{ id: string, sku: string }>).map((r) => [r.sku, r.id]))
        const missingSkus = skus.filter((s) => !bySku.has(s))
        if (missingSkus.length > 0) throw new UnknownReferencesError('sku', missingSkus)
        if (input.prices.some((p) => p.variantId == null && p.sku == null)) throw new UnknownReferencesError('variantId', ['(neither variantId nor sku given)'])
        // Last entry wins for one (variant, currency); one statement per kind of write.
        const entries = new Map<string, { variantId: string, currency: string, amount: number | null, compareAtAmount: number | null | undefined }>()
        for (const p of input.prices) {
          assertCurrency(p.currency, config.currencies)
          const variantId = p.variantId ?? bySku.get(p.sku as string) as string
          entries.set(`${variantId}:${p.currency}`, { variantId, currency: p.currency, amount: p.amount, compareAtAmount: p.compareAtAmount })
        }
        const products = await variantProducts(tx, [...entries.values()].map((e) => e.variantId), 'variantId')
        const all = [...entries.values()]
        const removals = all.filter((e) => e.amount == null)
        for (const e of removals) await tx.db('catalog_prices').where({ variant_id: e.variantId, currency: e.currency }).delete()
        const withCompare = all.filter((e) => e.amount != null && e.compareAtAmount !== undefined)
        const amountOnly = all.filter((e) => e.amount != null && e.compareAtAmount === undefined)
        const now = tx.db.fn.now()
        if (withCompare.length > 0) {
          await tx.db('catalog_prices').insert(withCompare.map((e) => ({ variant_id: e.variantId, currency: e.currency, amount: e.amount, compare_at_amount: e.compareAtAmount, updated_at: now })))
            .onConflict(['variant_id', 'currency']).merge(['amount', 'compare_at_amount', 'updated_at'])
        }
        if (amountOnly.length > 0) {
          await tx.db('catalog_prices').insert(amountOnly.map((e) => ({ variant_id: e.variantId, currency: e.currency, amount: e.amount, updated_at: now })))
            .onConflict(['variant_id', 'currency']).merge(['amount', 'updated_at'])
        }
        const byVariant = groupBy(all, (e) => e.variantId)
        for (const [variantId, changes] of byVariant) {
          const current = await tx.db('catalog_prices').select('currency', 'compare_at_amount').where({ variant_id: variantId }) as Array<{ currency: string, compare_at_amount: number | null }>
          const prices: PriceChange[] = changes.map((c) => ({
            currency: c.currency, amount: c.amount, compareAtAmount: c.amount == null ? null : current.find((r) => r.currency === c.currency)?.compare_at_amount ?? null,
          }))
          await emitCatalog(events, tx, 'catalog.price.updated', { variantId, productId: products.get(variantId) as string, prices })
        }
        return { updated: all.length, variants: byVariant.size }
      })
    },

    async createList (ctx: Ctx, input: PriceListInput): Promise<PriceList> {
      return await inTransaction(ctx, async (tx) => {
        let id: string
        try {
          [{ id }] = await tx.db('catalog_price_lists').insert({ name: input.name, starts_at: input.startsAt ?? null, ends_at: input.endsAt ?? null }).returning(['id']) as Array<{ id: string }>
        } catch (error) {
          throw periodError(error)
        }
        await emitCatalog(events, tx, 'catalog.price-list.created', { priceListId: id })
        return await readList(tx, id)
      })
    },

    getList: readList,

    async listLists (ctx: Ctx, page: PageQuery): Promise<PageOf<PriceList>> {
      const result = await keysetPage<PriceListRow>(ctx.db('catalog_price_lists').select(priceListColumns).select(ctx.db.raw(activeSql)), page, {
        list: 'catalog.price-lists', columns: ['name', 'id'], keyOf: (r) => [r.name, r.id],
      })
      return { items: result.items.map(toPriceList), nextCursor: result.nextCursor }
    },

    async updateList (ctx: Ctx, priceListId: string, patch: PriceListPatch): Promise<PriceList> {
      return await inTransaction(ctx, async (tx) => {
        const columns = {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.startsAt !== undefined ? { starts_at: patch.startsAt } : {}),
          ...(patch.endsAt !== undefined ? { ends_at: patch.endsAt } : {}),
        }
        let count: number
        try {
          count = await tx.db('catalog_price_lists').where({ id: priceListId }).update({ ...columns, updated_at: tx.db.fn.now() })
        } catch (error) {
          throw periodError(error)
        }
        if (count === 0) throw new CatalogNotFoundError('price list', priceListId)
        await emitCatalog(events, tx, 'catalog.price-list.updated', { priceListId })
        return await readList(tx, priceListId)
      })
    },

    async deleteList (ctx: Ctx, priceListId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const count = await tx.db('catalog_price_lists').where({ id: priceListId }).delete()
        if (count === 0) throw new CatalogNotFoundError('price list', priceListId)
        await emitCatalog(events, tx, 'catalog.price-list.deleted', { priceListId })
      })
    },

    /** Sets (or, with a null amount, removes) sale prices of a list, all or nothing. */
    async setListPrices (ctx: Ctx, priceListId: string, input: PriceListPricesInput): Promise<{ updated: number }> {
      return await inTransaction(ctx, async (tx) => {
        const list = await tx.db('catalog_price_lists').where({ id: priceListId }).forUpdate().first('id')
        if (list == null) throw new CatalogNotFoundError('price list', priceListId)
        for (const p of input.prices) assertCurrency(p.currency, config.currencies)
        await variantProducts(tx, input.prices.map((p) => p.variantId), 'variantId')
        const entries = new Map(input.prices.map((p) => [`${p.variantId}:${p.currency}`, p]))
        for (const p of entries.values()) {
          if (p.amount == null) await tx.db('catalog_price_list_prices').where({ price_list_id: priceListId, variant_id: p.variantId, currency: p.currency }).delete()
        }
        const upserts = [...entries.values()].filter((p) => p.amount != null)
        if (upserts.length > 0) {
          await tx.db('catalog_price_list_prices').insert(upserts.map((p) => ({ price_list_id: priceListId, variant_id: p.variantId, currency: p.currency, amount: p.amount })))
            .onConflict(['price_list_id', 'variant_id', 'currency']).merge(['amount'])
        }
        await tx.db('catalog_price_lists').where({ id: priceListId }).update({ updated_at: tx.db.fn.now() })
        await emitCatalog(events, tx, 'catalog.price-list.updated', { priceListId })
        return { updated: entries.size }
      })
    },

    async listListPrices (ctx: Ctx, priceListId: string, page: PageQuery): Promise<PageOf<PriceListPrice>> {
      await readList(ctx, priceListId)
      const result = await keysetPage<{ variant_id: string, currency: string, amount: number }>(
        ctx.db('catalog_price_list_prices').select('variant_id', 'currency', 'amount').where({ price_list_id: priceListId }), page,
        { list: `catalog.price-list-prices.${priceListId}`, columns: ['variant_id', 'currency'], keyOf: (r) => [r.variant_id, r.currency] })
      return { items: result.items.map((r) => ({ variantId: r.variant_id, currency: r.currency, amount: Number(r.amount) })), nextCursor: result.nextCursor }
    },
  }
}

export type PriceService = ReturnType<typeof createPriceService>
