import type { Ctx } from '@comptoir/core'
import { optionColumns, productColumns, type OptionRow, type ProductRow } from '../rows.js'
import { cell, type CsvRecord } from './columns.js'
import { parseProductFields, parseRow, rowErrorOf, type ParsedRow, type ProductFields, type RowError } from './parse-row.js'

/** The consecutive rows of one handle, as read from the file. */
export interface RawGroup { handle: string, records: Array<{ row: number, record: CsvRecord }> }

/** What the writer does for one product: rows that passed every check, and the errors of the others. */
export interface GroupPlan {
  handle: string
  firstRow: number
  rowCount: number
  existing: ProductRow | null
  existingOptions: OptionRow[]
  fields: ProductFields
  optionNames: string[]
  rows: ParsedRow[]
  errors: RowError[]
  /** No row failed: the file describes the whole product, so what it leaves out is removed. */
  clean: boolean
  /** The product row failed: nothing of this product is written. */
  rejected: boolean
}

const handlePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/

function groupFailure (group: RawGroup, first: RowError): RowError[] {
  return group.records.map(({ row }) => row === first.row ? first : { row, column: null, reason: `skipped: the product's row ${first.row} was rejected` })
}

/** Who owns a SKU already (a product in the database, or one planned earlier in the same batch). */
export type SkuOwnerOf = (sku: string) => { productId: string, handle: string } | undefined

/** The checks that need nothing from the database: the handle and the product row's fields. */
export function precheckGroup (group: RawGroup): { fields: ProductFields } | { rejected: GroupPlan } {
  const first = group.records[0] as { row: number, record: CsvRecord }
  if (!handlePattern.test(group.handle) || group.handle.length > 255) {
    return { rejected: failedPlan(group, { row: first.row, column: 'Handle', reason: `'${group.handle.slice(0, 80)}' is not a handle: use lower-case letters, digits and single dashes` }) }
  }
  try {
    return { fields: parseProductFields(first.record, first.row) }
  } catch (error) {
    const rowError = rowErrorOf(error)
    if (rowError == null) throw error
    return { rejected: failedPlan(group, rowError) }
  }
}

function failedPlan (group: RawGroup, error: RowError): GroupPlan {
  const first = group.records[0] as { row: number, record: CsvRecord }
  return {
    handle: group.handle, firstRow: first.row, rowCount: group.records.length, existing: null, existingOptions: [], fields: {}, optionNames: [], rows: [],
    errors: groupFailure(group, error), clean: false, rejected: true,
  }
}

/** The SKU cells of a group's rows (a superset of the SKUs its plan keeps), to look their owners up at once. */
export function skuCells (group: RawGroup): string[] {
  return group.records.flatMap(({ record }) => { const sku = cell(record, 'Variant SKU'); return sku == null ? [] : [sku] })
}

/**
 * Decides a product's plan once its current state and the SKU owners are known: parses every
 * row, then rejects SKUs owned by another product, duplicates within the file and repeated
 * option values. Pure, so a batch of products is planned with one owners query for all.
 */
export function decideGroup (group: RawGroup, fields: ProductFields, currencies: readonly string[], existing: ProductRow | null, existingOptions: OptionRow[], ownerOf: SkuOwnerOf): GroupPlan {
  const first = group.records[0] as { row: number, record: CsvRecord }
  const base = { handle: group.handle, firstRow: first.row, rowCount: group.records.length }
  if (existing == null && fields.title == null) {
    return failedPlan(group, { row: first.row, column: 'Title', reason: `is required to create product '${group.handle}'` })
  }
  const optionNames = fields.optionNames ?? existingOptions.map((o) => o.name)
  const errors: RowError[] = []
  const rows: ParsedRow[] = []
  for (const { row, record } of group.records) {
    try {
      rows.push(parseRow(record, row, optionNames, currencies))
    } catch (error) {
      const rowError = rowErrorOf(error)
      if (rowError == null) throw error
      errors.push(rowError)
    }
  }
  const firstError = errors.find((e) => e.row === first.row)
  if (firstError != null) return failedPlan(group, firstError)
  const seenSkus = new Set<string>()
  const seenValues = new Set<string>()
  const kept = rows.filter((parsed) => {
    const variant = parsed.variant
    if (variant == null) return true
    const reject = (column: string, reason: string): boolean => { errors.push({ row: parsed.row, column, reason }); return false }
    if (variant.sku != null) {
      const owner = ownerOf(variant.sku)
      if (owner != null && owner.productId !== existing?.id) return reject('Variant SKU', `'${variant.sku}' already belongs to product '${owner.handle}'`)
      if (seenSkus.has(variant.sku)) return reject('Variant SKU', `'${variant.sku}' appears twice for this product`)
      seenSkus.add(variant.sku)
    }
    const key = JSON.stringify(variant.values)
    if (seenValues.has(key)) return reject('Option1 Value', `another row of this product has the same option values (${variant.values.join(' / ') || 'Default Title'})`)
    seenValues.add(key)
    return true
  })
  return { ...base, existing, existingOptions, fields, optionNames, rows: kept, errors, clean: errors.length === 0, rejected: false }
}

/**
 * Parses and checks a product's rows before anything is written: cells, option values, SKUs
 * used by another product, and duplicates within the file. Reads with ctx (locks the product).
 */
export async function planGroup (ctx: Ctx, group: RawGroup, currencies: readonly string[]): Promise<GroupPlan> {
  const pre = precheckGroup(group)
  if ('rejected' in pre) return pre.rejected
  const existing = await ctx.db('catalog_products').select(productColumns).where({ handle: group.handle }).forUpdate().first() as ProductRow | undefined ?? null
  if (existing == null && pre.fields.title == null) return decideGroup(group, pre.fields, currencies, null, [], () => undefined)
  const existingOptions = existing == null ? [] : await ctx.db('catalog_product_options').select(optionColumns).where({ product_id: existing.id }).orderBy('position') as OptionRow[]
  const owners = await skuOwners(ctx, skuCells(group))
  const plan = decideGroup(group, pre.fields, currencies, existing, existingOptions, (sku) => owners.get(sku))
  if (plan.rejected) return plan
  const renamed = plan.optionNames.length !== existingOptions.length || plan.optionNames.some((n, i) => n.toLowerCase() !== existingOptions[i]?.name.toLowerCase())
  if (!plan.clean && renamed && existing != null) {
    const hasVariants = await ctx.db('catalog_variants').where({ product_id: existing.id }).first('id') != null
    if (hasVariants) {
      return failedPlan(group, { row: plan.firstRow, column: 'Option1 Name', reason: `the options change while rows ${plan.errors.map((e) => e.row).join(', ')} failed: fix them and import again` })
    }
  }
  return plan
}

/** The products that own these SKUs now. */
export async function skuOwners (ctx: Ctx, skus: readonly string[]): Promise<Map<string, { productId: string, handle: string }>> {
  if (skus.length === 0) return new Map()
  const rows = await ctx.db('catalog_variants as v').join('catalog_products as p', 'p.id', 'v.product_id')
    .whereIn('v.sku', [...new Set(skus)]).select('v.sku', 'v.product_id', 'p.handle') as Array<{ sku: string, product_id: string, handle: string }>
  return new Map(rows.map((r) => [r.sku, { productId: r.product_id, handle: r.handle }]))
}
