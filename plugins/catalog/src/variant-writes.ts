import { isUniqueViolation, type Ctx } from '@comptoir/core'
import { SkuTakenError, UnsupportedCurrencyError, VariantOptionsMismatchError, VariantOptionsTakenError } from './errors.js'
import { optionValueAt, variantColumns, type OptionRow, type VariantRow } from './rows.js'
import type { PriceInput, VariantInput, VariantPatch } from './schemas/index.js'

export interface OptionSlots { option1: string | null, option2: string | null, option3: string | null }

/**
 * Maps `{ Size: 'M' }` to the variant's positional columns. A variant has exactly one value
 * for each option of its product (names compared case-insensitively).
 */
export function optionSlots (options: readonly OptionRow[], values: Record<string, string> | undefined): OptionSlots {
  const given = Object.entries(values ?? {})
  const slots: OptionSlots = { option1: null, option2: null, option3: null }
  const mismatch = (): VariantOptionsMismatchError => new VariantOptionsMismatchError(options.map((o) => o.name), given.map(([k]) => k))
  if (given.length !== options.length) throw mismatch()
  for (const [name, value] of given) {
    const option = options.find((o) => o.name.toLowerCase() === name.toLowerCase())
    if (option == null) throw mismatch()
    const trimmed = value.trim()
    if (option.position === 1) slots.option1 = trimmed
    else if (option.position === 2) slots.option2 = trimmed
    else slots.option3 = trimmed
  }
  return slots
}

/** Adds values a variant uses to its options' value lists (in place and in the database). */
export async function ensureOptionValues (ctx: Ctx, options: OptionRow[], slots: OptionSlots): Promise<void> {
  for (const option of options) {
    const value = option.position === 1 ? slots.option1 : option.position === 2 ? slots.option2 : slots.option3
    if (value == null || option.values.includes(value)) continue
    await ctx.db('catalog_product_options').where({ id: option.id }).andWhereRaw('not (? = any(values))', [value])
      .update({ values: ctx.db.raw('array_append(values, ?)', [value]) })
    option.values = [...option.values, value]
  }
}

/** Turns the database's unique violations on variants into the API's 409s. */
export function variantConflict (error: unknown, productId: string, sku: string | null | undefined, options: Record<string, string> | undefined): unknown {
  if (isUniqueViolation(error, 'catalog_variants_sku_unique')) return new SkuTakenError(sku ?? '', error)
  if (isUniqueViolation(error, 'catalog_variants_options_unique')) return new VariantOptionsTakenError(productId, options ?? {}, error)
  return error
}

/** Inserts a variant of a product whose options are `options` (its prices too, if given). */
export async function insertVariant (ctx: Ctx, productId: string, options: OptionRow[], input: VariantInput, currencies: readonly string[]): Promise<VariantRow> {
  const slots = optionSlots(options, input.options)
  await ensureOptionValues(ctx, options, slots)
  let row: VariantRow
  try {
    [row] = await ctx.db('catalog_variants').insert({
      product_id: productId,
      sku: input.sku ?? null,
      ...slots,
      position: input.position ?? 0,
      barcode: input.barcode ?? null,
      weight_grams: input.weightGrams ?? null,
      length_mm: input.lengthMm ?? null,
      width_mm: input.widthMm ?? null,
      height_mm: input.heightMm ?? null,
    }).returning(variantColumns) as VariantRow[]
  } catch (error) {
    throw variantConflict(error, productId, input.sku, input.options)
  }
  if (input.prices != null && input.prices.length > 0) await writePrices(ctx, row.id, input.prices, currencies, false)
  return row
}

/** The columns a variant patch changes. */
export function variantPatchColumns (patch: VariantPatch, options: readonly OptionRow[], current: VariantRow): Record<string, unknown> {
  const columns: Record<string, unknown> = {}
  if (patch.sku !== undefined) columns.sku = patch.sku
  if (patch.position !== undefined) columns.position = patch.position
  if (patch.barcode !== undefined) columns.barcode = patch.barcode
  if (patch.weightGrams !== undefined) columns.weight_grams = patch.weightGrams
  if (patch.lengthMm !== undefined) columns.length_mm = patch.lengthMm
  if (patch.widthMm !== undefined) columns.width_mm = patch.widthMm
  if (patch.heightMm !== undefined) columns.height_mm = patch.heightMm
  if (patch.options !== undefined) {
    const slots = optionSlots(options, patch.options)
    for (const position of [1, 2, 3] as const) {
      const key = `option${position}` as const
      if (slots[key] !== optionValueAt(current, position)) columns[key] = slots[key]
    }
  }
  return columns
}

export interface PriceChange { currency: string, amount: number | null, compareAtAmount: number | null }

/** Refuses a currency the store does not sell in. */
export function assertCurrency (currency: string, currencies: readonly string[]): void {
  if (!currencies.includes(currency)) throw new UnsupportedCurrencyError(currency, currencies)
}

/**
 * Writes a variant's base prices. With `replace`, currencies left out lose their price.
 * Returns what changed, for the `catalog.price.updated` event.
 */
export async function writePrices (ctx: Ctx, variantId: string, prices: readonly PriceInput[], currencies: readonly string[], replace: boolean): Promise<PriceChange[]> {
  const byCurrency = new Map<string, PriceInput>()
  for (const price of prices) {
    assertCurrency(price.currency, currencies)
    byCurrency.set(price.currency, price)
  }
  const changes: PriceChange[] = []
  if (replace) {
    const removed = await ctx.db('catalog_prices').where({ variant_id: variantId })
      .modify((q) => { if (byCurrency.size > 0) void q.whereNotIn('currency', [...byCurrency.keys()]) })
      .delete().returning('currency') as Array<{ currency: string }>
    for (const { currency } of removed) changes.push({ currency, amount: null, compareAtAmount: null })
  }
  if (byCurrency.size > 0) {
    const rows = [...byCurrency.values()].map((p) => ({
      variant_id: variantId, currency: p.currency, amount: p.amount, compare_at_amount: p.compareAtAmount ?? null, updated_at: ctx.db.fn.now(),
    }))
    await ctx.db('catalog_prices').insert(rows).onConflict(['variant_id', 'currency']).merge(['amount', 'compare_at_amount', 'updated_at'])
    for (const p of byCurrency.values()) changes.push({ currency: p.currency, amount: p.amount, compareAtAmount: p.compareAtAmount ?? null })
  }
  return changes
}
