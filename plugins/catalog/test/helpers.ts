import type { FastifyInstance } from 'fastify'
import { systemActor } from '@comptoir/core'
import { createTestDatabases, testEngines, type TestLike } from '@comptoir/core/testing'
import catalog, { type CatalogConfig, type Product, type ProductInput } from '@comptoir/plugin-catalog'

export { testEngines }
export type Databases = ReturnType<typeof createTestDatabases>
export type Headers = Record<string, string>

/** Bearer headers of a new API key holding `permissions` (a role is created for them). */
export async function adminHeaders (app: FastifyInstance, permissions: readonly string[] = ['*']): Promise<Headers> {
  const ctx = app.comptoir.systemCtx(systemActor)
  const { auth } = app.services
  let role = 'owner'
  if (!permissions.includes('*')) {
    role = `test-${Math.random().toString(36).slice(2, 10)}`
    await auth.createRole(ctx, { name: role, permissions: [...permissions] })
  }
  const { secret } = await auth.createApiKey(ctx, { name: `test ${role}`, roles: [role] })
  return { authorization: `Bearer ${secret}` }
}

export interface CatalogTestApp { app: FastifyInstance, admin: Headers }

/** An app with the catalog on a fresh schema of `engine`, and an owner's headers. */
export async function catalogApp (dbs: Databases, t: TestLike, engine: 'embedded' | 'postgres', options: Partial<CatalogConfig> = {}): Promise<CatalogTestApp> {
  const app = await dbs.app(t, engine, { plugins: [[catalog, options]] })
  return { app, admin: await adminHeaders(app) }
}

/** A product input with two options and four variants priced in EUR and USD. */
export function shirtInput (overrides: Partial<ProductInput> = {}, sku = 'SHIRT'): ProductInput {
  return {
    title: 'Blue Cotton Shirt',
    status: 'published',
    description: '<p>Soft <b>cotton</b></p>',
    vendor: 'Acme',
    productType: 'Shirt',
    tags: ['summer', 'cotton'],
    options: [{ name: 'Size', values: ['M', 'L'] }, { name: 'Colour', values: ['Blue', 'Red'] }],
    variants: [['M', 'Blue', 2000], ['L', 'Blue', 2200], ['M', 'Red', 2500], ['L', 'Red', 2600]].map(([size, colour, amount]) => ({
      sku: `${sku}-${String(size)}-${String(colour)}`.toUpperCase(),
      options: { Size: String(size), Colour: String(colour) },
      prices: [{ currency: 'EUR', amount: Number(amount) }, { currency: 'USD', amount: Number(amount) + 300 }],
    })),
    images: [{ url: 'https://img.example.com/shirt-1.jpg', alt: 'Front' }],
    ...overrides,
  }
}

/** Creates a product through the admin API; fails the test on anything but 201. */
export async function createProduct (app: FastifyInstance, headers: Headers, input: ProductInput): Promise<Product> {
  const res = await app.inject({ method: 'POST', url: '/admin/products', headers, payload: input })
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return res.json<Product>()
}

/** Names of the events in the outbox, oldest first. */
export async function outboxNames (app: FastifyInstance): Promise<string[]> {
  return await app.comptoir.database.knex('comptoir_outbox').orderBy(['occurred_at', 'id']).pluck('name') as string[]
}

/** Number of rows of a table. */
export async function count (app: FastifyInstance, table: string): Promise<number> {
  const [row] = await app.comptoir.database.knex(table).count({ n: '*' }) as Array<{ n: number | string }>
  return Number(row?.n ?? 0)
}
