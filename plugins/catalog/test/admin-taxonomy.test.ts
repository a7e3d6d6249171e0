import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import type { Category, Collection, ProductSummary } from '@comptoir/plugin-catalog'
import { catalogApp, createProduct, shirtInput, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, admin } = await catalogApp(dbs, t, engine)
    const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      await app.inject({ method, url, headers: admin, ...(payload != null ? { payload } : {}) })
    const category = async (handle: string, parentId?: string): Promise<Category> => {
      const res = await inject('POST', '/admin/categories', { handle, name: handle.toUpperCase(), ...(parentId != null ? { parentId } : {}) })
      if (res.statusCode !== 201) throw new Error(res.body)
      return res.json<Category>()
    }
    const handles = async (url: string): Promise<string[]> => (await inject('GET', url)).json<{ items: ProductSummary[] }>().items.map((p) => p.handle).sort()

    t.test('a category tree lists a node\'s products with its descendants\', and a moved subtree takes its products along', async (t) => {
      const clothing = await category('clothing')
      const tops = await category('tops', clothing.id)
      const tees = await category('tees', tops.id)
      const home = await category('home')
      t.same(tees.ancestorIds, [clothing.id, tops.id])
      await createProduct(app, admin, shirtInput({ handle: 'tree-tee', categoryIds: [tees.id] }, 'TREE1'))
      await createProduct(app, admin, shirtInput({ handle: 'tree-top', categoryIds: [tops.id] }, 'TREE2'))
      await createProduct(app, admin, shirtInput({ handle: 'tree-home', categoryIds: [home.id] }, 'TREE3'))
      t.same(await handles(`/admin/categories/${clothing.id}/products`), ['tree-tee', 'tree-top'])
      t.same(await handles(`/admin/categories/${tees.id}/products`), ['tree-tee'])

      const moved = await inject('PATCH', `/admin/categories/${tops.id}`, { parentId: home.id })
      t.same(moved.json<Category>().ancestorIds, [home.id])
      const teesAfter = (await inject('GET', `/admin/categories/${tees.id}`)).json<Category>()
      t.same(teesAfter.ancestorIds, [home.id, tops.id], 'the descendant moved too')
      t.same(await handles(`/admin/categories/${clothing.id}/products`), [])
      t.same(await handles(`/admin/categories/${home.id}/products`), ['tree-home', 'tree-tee', 'tree-top'])
      const store = await app.inject({ url: '/store/products?category=home' })
      t.same(store.json<{ items: Array<{ handle: string }> }>().items.map((p) => p.handle).sort(), ['tree-home', 'tree-tee', 'tree-top'])

      const cycle = await inject('PATCH', `/admin/categories/${home.id}`, { parentId: tees.id })
      t.equal(cycle.statusCode, 409)
      t.match(cycle.json(), { code: 'CATALOG_CATEGORY_CYCLE', field: 'parentId' })
      const self = await inject('PATCH', `/admin/categories/${home.id}`, { parentId: home.id })
      t.equal(self.json().code, 'CATALOG_CATEGORY_CYCLE')
      const root = await inject('PATCH', `/admin/categories/${tops.id}`, { parentId: null, name: 'Tops & Tees' })
      t.match(root.json(), { parentId: null, ancestorIds: [], name: 'Tops & Tees' })
    })

    t.test('categories: a taken handle is a 409, deleting one with children a 409, an unknown parent a 404', async (t) => {
      const parent = await category('parent-cat')
      await category('child-cat', parent.id)
      const dup = await inject('POST', '/admin/categories', { handle: 'parent-cat', name: 'Again' })
      t.equal(dup.statusCode, 409)
      t.match(dup.json(), { code: 'CATALOG_HANDLE_TAKEN', field: 'handle', entity: 'category' })
      const withChildren = await inject('DELETE', `/admin/categories/${parent.id}`)
      t.equal(withChildren.statusCode, 409)
      t.equal(withChildren.json().code, 'CATALOG_CATEGORY_HAS_CHILDREN')
      const orphan = await inject('POST', '/admin/categories', { handle: 'orphan', name: 'Orphan', parentId: '00000000-0000-4000-8000-000000000000' })
      t.equal(orphan.json().code, 'CATALOG_CATEGORY_NOT_FOUND')
      const children = (await inject('GET', `/admin/categories?parentId=${parent.id}`)).json<{ items: Category[] }>()
      t.same(children.items.map((c) => c.handle), ['child-cat'])
      const leaf = children.items[0] as Category
      t.equal((await inject('DELETE', `/admin/categories/${leaf.id}`)).statusCode, 204)
      t.equal((await inject('DELETE', `/admin/categories/${parent.id}`)).statusCode, 204)
      t.equal((await inject('GET', `/admin/categories/${parent.id}`)).statusCode, 404)
      const assigned = await createProduct(app, admin, shirtInput({ handle: 'cat-assign' }, 'CATA'))
      const other = await category('other-cat')
      t.same((await inject('PUT', `/admin/products/${assigned.id}/categories`, { categoryIds: [other.id] })).json().categoryIds, [other.id])
      const unknown = await inject('PUT', `/admin/products/${assigned.id}/categories`, { categoryIds: [parent.id] })
      t.equal(unknown.statusCode, 422)
      t.match(unknown.json(), { code: 'CATALOG_UNKNOWN_REFERENCES', field: 'categoryIds', ids: [parent.id] })
    })

    t.test('the whole tree pages depth-first on the storefront', async (t) => {
      const all: Category[] = []
      let cursor: string | null = null
      do {
        const res: { json: <T>() => T } = await app.inject({ url: `/store/categories?limit=2${cursor != null ? `&cursor=${cursor}` : ''}` })
        const page: { items: Category[], nextCursor: string | null } = res.json()
        all.push(...page.items)
        cursor = page.nextCursor
      } while (cursor != null)
      const ids = new Set(all.map((c) => c.id))
      t.equal(ids.size, all.length, 'no category twice')
      for (const c of all) t.ok(c.ancestorIds.every((a) => all.findIndex((x) => x.id === a) < all.indexOf(c)), `${c.handle} after its ancestors`)
    })

    t.test('a collection holds hand-picked products in order; unknown products are a 422 and change nothing', async (t) => {
      const a = await createProduct(app, admin, shirtInput({ handle: 'coll-a' }, 'COLLA'))
      const b = await createProduct(app, admin, shirtInput({ handle: 'coll-b' }, 'COLLB'))
      const created = await inject('POST', '/admin/collections', { handle: 'picks', title: 'Picks', description: 'Ours' })
      t.equal(created.statusCode, 201)
      const collection = created.json<Collection>()
      t.same((await inject('PUT', `/admin/collections/${collection.id}/products`, { productIds: [b.id, a.id] })).json(), { productIds: [b.id, a.id] })
      const bad = await inject('PUT', `/admin/collections/${collection.id}/products`, { productIds: [a.id, '00000000-0000-4000-8000-000000000000'] })
      t.equal(bad.statusCode, 422)
      t.same((await inject('GET', `/admin/collections/${collection.id}/products`)).json(), { productIds: [b.id, a.id] })
      t.same((await app.inject({ url: '/store/products?collection=picks' })).json<{ items: Array<{ handle: string }> }>().items.map((p) => p.handle).sort(), ['coll-a', 'coll-b'])
      t.match((await app.inject({ url: '/store/collections/picks' })).json(), { handle: 'picks', title: 'Picks' })
      t.equal((await app.inject({ url: '/store/collections/nope' })).json().code, 'CATALOG_COLLECTION_NOT_FOUND')
      t.equal((await inject('POST', '/admin/collections', { handle: 'picks', title: 'Again' })).json().code, 'CATALOG_HANDLE_TAKEN')
      t.match((await inject('PATCH', `/admin/collections/${collection.id}`, { title: 'Top picks' })).json(), { title: 'Top picks' })
      t.same((await inject('GET', `/admin/products/${a.id}`)).json().collectionIds, [collection.id])
      t.same((await app.inject({ url: '/store/collections' })).json().items.map((c: Collection) => c.handle), ['picks'])
      t.equal((await inject('DELETE', `/admin/collections/${collection.id}`)).statusCode, 204)
      t.equal((await inject('GET', `/admin/collections/${collection.id}`)).statusCode, 404)
      t.equal((await inject('GET', `/admin/products/${a.id}`)).statusCode, 200, 'its products stay')
    })
  })
}
