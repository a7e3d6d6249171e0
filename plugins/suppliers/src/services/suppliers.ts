import { inTransaction, isUniqueViolation, keysetPage, type Ctx, type PageOf } from '@comptoir/core'
import { CurrencyLockedError, SupplierNameTakenError, SuppliersNotFoundError } from '../errors.js'
import { intOrNull, iso, json } from '../rows.js'
import type { Contact, Supplier, SupplierInput, SupplierPatch, SupplierQuery } from '../schemas/index.js'

export interface SupplierRow {
  id: string
  name: string
  code: string | null
  currency: string
  contacts: Contact[] | string
  payment_terms: string | null
  payment_terms_days: number | null
  lead_time_days: number
  minimum_order_amount: string | number | null
  active: boolean
  notes: string | null
  created_at: Date | string
  updated_at: Date | string
}
export const supplierColumns = ['id', 'name', 'code', 'currency', 'contacts', 'payment_terms', 'payment_terms_days', 'lead_time_days',
  'minimum_order_amount', 'active', 'notes', 'created_at', 'updated_at'] as const

export function toSupplier (row: SupplierRow): Supplier {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    currency: row.currency,
    contacts: json<Contact[]>(row.contacts),
    paymentTerms: row.payment_terms,
    paymentTermsDays: row.payment_terms_days,
    leadTimeDays: row.lead_time_days,
    minimumOrderAmount: intOrNull(row.minimum_order_amount),
    active: row.active,
    notes: row.notes,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

function writeColumns (input: SupplierPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (input.name !== undefined) out.name = input.name
  if (input.code !== undefined) out.code = input.code
  if (input.currency !== undefined) out.currency = input.currency
  if (input.contacts !== undefined) out.contacts = JSON.stringify(input.contacts)
  if (input.paymentTerms !== undefined) out.payment_terms = input.paymentTerms
  if (input.paymentTermsDays !== undefined) out.payment_terms_days = input.paymentTermsDays
  if (input.leadTimeDays !== undefined) out.lead_time_days = input.leadTimeDays
  if (input.minimumOrderAmount !== undefined) out.minimum_order_amount = input.minimumOrderAmount
  if (input.active !== undefined) out.active = input.active
  if (input.notes !== undefined) out.notes = input.notes
  return out
}

/** Suppliers (`suppliers`): who we buy from, in which currency, on which terms. */
export function createSupplierService () {
  async function row (ctx: Ctx, supplierId: string, lock = false): Promise<SupplierRow> {
    const q = ctx.db('suppliers_suppliers').select(supplierColumns).where({ id: supplierId })
    if (lock) q.forShare()
    const found = await q.first() as SupplierRow | undefined
    if (found == null) throw new SuppliersNotFoundError('supplier', supplierId)
    return found
  }

  async function write<T> (name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      if (isUniqueViolation(error, 'suppliers_suppliers_name_key')) throw new SupplierNameTakenError(name, error)
      throw error
    }
  }

  return {
    /** The supplier's row (locked FOR SHARE when `lock`: its currency cannot change under an order being written). */
    row,

    async get (ctx: Ctx, supplierId: string): Promise<Supplier> {
      return toSupplier(await row(ctx, supplierId))
    },

    async list (ctx: Ctx, query: SupplierQuery): Promise<PageOf<Supplier>> {
      const q = ctx.db('suppliers_suppliers').select(supplierColumns)
      if (query.active != null) q.where({ active: query.active })
      const result = await keysetPage<SupplierRow>(q, query, { list: 'suppliers.suppliers', columns: ['id'], keyOf: (r) => [r.id] })
      return { items: result.items.map(toSupplier), nextCursor: result.nextCursor }
    },

    async create (ctx: Ctx, input: SupplierInput): Promise<Supplier> {
      return await write(input.name, async () => {
        const [created] = await ctx.db('suppliers_suppliers').insert(writeColumns(input)).returning(supplierColumns) as SupplierRow[]
        return toSupplier(created as SupplierRow)
      })
    },

    /** Changes a supplier; its currency only while nothing is priced in it (items, orders). */
    async update (ctx: Ctx, supplierId: string, patch: SupplierPatch): Promise<Supplier> {
      return await inTransaction(ctx, async (tx) => await write(patch.name ?? '', async () => {
        const current = await tx.db('suppliers_suppliers').select('currency').where({ id: supplierId }).forUpdate().first() as { currency: string } | undefined
        if (current == null) throw new SuppliersNotFoundError('supplier', supplierId)
        if (patch.currency != null && patch.currency !== current.currency) {
          const used = await tx.db('suppliers_items').where({ supplier_id: supplierId }).first('id') ??
            await tx.db('suppliers_purchase_orders').where({ supplier_id: supplierId }).first('id')
          if (used != null) throw new CurrencyLockedError(supplierId)
        }
        const [updated] = await tx.db('suppliers_suppliers').where({ id: supplierId })
          .update({ ...writeColumns(patch), updated_at: tx.db.fn.now() }).returning(supplierColumns) as SupplierRow[]
        return toSupplier(updated as SupplierRow)
      }))
    },
  }
}

export type SupplierService = ReturnType<typeof createSupplierService>
