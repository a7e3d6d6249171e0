import { PageQuery, Type, type RoutePlugin } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import {
  CategoryPage, Collection, CollectionPage, HandleParams, SearchQuery, SearchResult, StoreProduct, StoreProductDetailQuery, StoreProductPage,
  StoreProductParams, StoreProductQuery,
} from '../schemas/index.js'

const tags = ['catalog']
const ListQuery = Type.Object({ ...PageQuery.properties }, { additionalProperties: false })

/** Storefront routes, mounted by the kernel under /store: published products only. */
export const storeRoutes: RoutePlugin<CatalogConfig> = async (app) => {
  const { catalogStorefront, catalogCategories, catalogCollections } = app.services

  app.get<{ Querystring: StoreProductQuery }>('/products', {
    config: { cache: true },
    schema: {
      tags, operationId: 'listStoreProducts', summary: 'Published products with filters, sorts and cursor pagination',
      querystring: StoreProductQuery, response: { 200: StoreProductPage },
    },
  }, async (request) => await catalogStorefront.list(request.ctx, request.query))

  app.get<{ Params: StoreProductParams, Querystring: StoreProductDetailQuery }>('/products/:handle', {
    config: { cache: true },
    schema: {
      tags, operationId: 'getStoreProduct', summary: 'A published product by handle, with variants, prices and availability',
      params: StoreProductParams, querystring: StoreProductDetailQuery, response: { 200: StoreProduct },
    },
  }, async (request) => await catalogStorefront.getByHandle(request.ctx, request.params.handle, request.query.currency))

  app.get<{ Querystring: SearchQuery }>('/search', {
    config: { cache: true },
    schema: {
      tags, operationId: 'searchStoreProducts', summary: 'Search products (typo-tolerant) with facet counts',
      querystring: SearchQuery, response: { 200: SearchResult },
    },
  }, async (request) => await catalogStorefront.search(request.ctx, request.query))

  app.get<{ Querystring: PageQuery }>('/categories', {
    config: { cache: true },
    schema: {
      tags, operationId: 'listStoreCategories', summary: 'The category tree, depth-first (ancestorIds give the nesting)',
      querystring: ListQuery, response: { 200: CategoryPage },
    },
  }, async (request) => await catalogCategories.list(request.ctx, request.query))

  app.get<{ Querystring: PageQuery }>('/collections', {
    config: { cache: true },
    schema: { tags, operationId: 'listStoreCollections', summary: 'Collections by handle', querystring: ListQuery, response: { 200: CollectionPage } },
  }, async (request) => await catalogCollections.list(request.ctx, request.query))

  app.get<{ Params: HandleParams }>('/collections/:handle', {
    config: { cache: true },
    schema: { tags, operationId: 'getStoreCollection', summary: 'A collection by handle', params: HandleParams, response: { 200: Collection } },
  }, async (request) => await catalogCollections.getByHandle(request.ctx, request.params.handle))
}
