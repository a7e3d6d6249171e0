import { isUniqueViolation, type Ctx, type Db } from '@comptoir/core'
import { TaxRateNotFoundError, TaxRateTakenError } from './errors.js'
import type { TaxRate, TaxRateInput, TaxRateList, TaxRatePatch, TaxRateQuery } from './schemas.js'

interface TaxRateRow { id: string, country: string, region: string | null, name: string, rate_bps: number, created_at: Date, updated_at: Date }
const columns = ['id', 'country', 'region', 'name', 'rate_bps', 'created_at', 'updated_at']

function toTaxRate (row: TaxRateRow): TaxRate {
  return {
    id: row.id, country: row.country, region: row.region, name: row.name, rateBps: row.rate_bps,
    createdAt: new Date(row.created_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString(),
  }
}

/** Tax rates per country, optionally per region, in basis points. */
export function createTaxService () {
  async function find (ctx: Ctx, taxRateId: string): Promise<TaxRateRow> {
    const row = await ctx.db('orders_tax_rates').select(columns).where({ id: taxRateId }).first() as TaxRateRow | undefined
    if (row == null) throw new TaxRateNotFoundError(taxRateId)
    return row
  }

  async function write (ctx: Ctx, values: { country: string, region: string | null }, query: (db: Db) => Promise<TaxRateRow[]>): Promise<TaxRate> {
    try {
      return toTaxRate((await query(ctx.db))[0])
    } catch (error) {
      if (isUniqueViolation(error, 'orders_tax_rates_place_unique')) throw new TaxRateTakenError(values.country, values.region, error)
      throw error
    }
  }

  return {
    async list (ctx: Ctx, query: TaxRateQuery): Promise<TaxRateList> {
      const q = ctx.db('orders_tax_rates').select(columns).orderBy([{ column: 'country' }, { column: 'region', nulls: 'first' }, { column: 'id' }])
      if (query.country != null) q.where({ country: query.country })
      return { items: (await q as TaxRateRow[]).map(toTaxRate) }
    },

    async get (ctx: Ctx, taxRateId: string): Promise<TaxRate> {
      return toTaxRate(await find(ctx, taxRateId))
    },

    async create (ctx: Ctx, input: TaxRateInput): Promise<TaxRate> {
      const region = input.region ?? null
      return await write(ctx, { country: input.country, region }, async (db) => await db('orders_tax_rates')
        .insert({ country: input.country, region, name: input.name, rate_bps: input.rateBps }).returning(columns) as TaxRateRow[])
    },

    async update (ctx: Ctx, taxRateId: string, patch: TaxRatePatch): Promise<TaxRate> {
      const current = await find(ctx, taxRateId)
      const country = patch.country ?? current.country
      const region = patch.region !== undefined ? patch.region : current.region
      return await write(ctx, { country, region }, async (db) => await db('orders_tax_rates').where({ id: taxRateId }).update({
        country, region, name: patch.name ?? current.name, rate_bps: patch.rateBps ?? current.rate_bps, updated_at: db.fn.now(),
      }).returning(columns) as TaxRateRow[])
    },

    async remove (ctx: Ctx, taxRateId: string): Promise<void> {
      const deleted = await ctx.db('orders_tax_rates').where({ id: taxRateId }).delete().returning('id') as unknown[]
      if (deleted.length === 0) throw new TaxRateNotFoundError(taxRateId)
    },

    /**
     * The rate (basis points) for an address: the region's rate when one matches exactly
     * (case-insensitive), else the country's default (null region), else 0.
     */
    async rateFor (ctx: Ctx, country: string, region: string | null): Promise<number> {
      const rows = await ctx.db('orders_tax_rates').select('region', 'rate_bps').where({ country }) as Array<{ region: string | null, rate_bps: number }>
      const exact = region == null ? undefined : rows.find((r) => r.region != null && r.region.toLowerCase() === region.toLowerCase())
      return (exact ?? rows.find((r) => r.region == null))?.rate_bps ?? 0
    },
  }
}

export type TaxService = ReturnType<typeof createTaxService>
