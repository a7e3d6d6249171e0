import { PageQuery, Type, type RoutePlugin } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import {
  Category, CategoryInput, CategoryPage, CategoryParams, CategoryPatch, CategoryQuery, Collection, CollectionInput, CollectionPage,
  CollectionParams, CollectionPatch, CollectionProducts, CollectionProductsInput, ProductSummaryPage,
} from '../schemas/index.js'

const tags = ['catalog']
const read = { permission: 'catalog:read' }
const write = { permission: 'catalog:write' }
const NoContent = Type.Null({ description: 'Done' })
const ListQuery = Type.Object({ ...PageQuery.properties }, { additionalProperties: false })
type ListQuery = PageQuery

/** Admin routes for categories (a tree) and manual collections (mounted under /admin). */
export const adminTaxonomyRoutes: RoutePlugin<CatalogConfig> = async (app) => {
  const { catalogCategories, catalogCollections } = app.services

  app.get<{ Querystring: CategoryQuery }>('/categories', {
    config: read,
    schema: { tags, operationId: 'listCatalogCategories', summary: 'List categories: children of parentId, or the whole tree', querystring: CategoryQuery, response: { 200: CategoryPage } },
  }, async (request) => await catalogCategories.list(request.ctx, request.query))

  app.post<{ Body: CategoryInput }>('/categories', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCatalogCategory', summary: 'Create a category', body: CategoryInput, response: { 201: Category } },
  }, async (request, reply) => await reply.code(201).send(await catalogCategories.create(request.ctx, request.body)))

  app.get<{ Params: CategoryParams }>('/categories/:categoryId', {
    config: read,
    schema: { tags, operationId: 'getCatalogCategory', summary: 'Read a category', params: CategoryParams, response: { 200: Category } },
  }, async (request) => await catalogCategories.get(request.ctx, request.params.categoryId))

  app.patch<{ Params: CategoryParams, Body: CategoryPatch }>('/categories/:categoryId', {
    config: write,
    schema: { tags, operationId: 'updateCatalogCategory', summary: 'Change a category; a new parentId moves its subtree', params: CategoryParams, body: CategoryPatch, response: { 200: Category } },
  }, async (request) => await catalogCategories.update(request.ctx, request.params.categoryId, request.body))

  app.delete<{ Params: CategoryParams }>('/categories/:categoryId', {
    config: write,
    schema: { tags, operationId: 'deleteCatalogCategory', summary: 'Delete a category without children', params: CategoryParams, response: { 204: NoContent } },
  }, async (request, reply) => { await catalogCategories.delete(request.ctx, request.params.categoryId); return await reply.code(204).send(null) })

  app.get<{ Params: CategoryParams, Querystring: ListQuery }>('/categories/:categoryId/products', {
    config: read,
    schema: { tags, operationId: 'listCatalogCategoryProducts', summary: 'Products of a category and its descendants', params: CategoryParams, querystring: ListQuery, response: { 200: ProductSummaryPage } },
  }, async (request) => await catalogCategories.listProducts(request.ctx, request.params.categoryId, request.query))

  app.get<{ Querystring: ListQuery }>('/collections', {
    config: read,
    schema: { tags, operationId: 'listCatalogCollections', summary: 'List collections by handle', querystring: ListQuery, response: { 200: CollectionPage } },
  }, async (request) => await catalogCollections.list(request.ctx, request.query))

  app.post<{ Body: CollectionInput }>('/collections', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCatalogCollection', summary: 'Create a collection', body: CollectionInput, response: { 201: Collection } },
  }, async (request, reply) => await reply.code(201).send(await catalogCollections.create(request.ctx, request.body)))

  app.get<{ Params: CollectionParams }>('/collections/:collectionId', {
    config: read,
    schema: { tags, operationId: 'getCatalogCollection', summary: 'Read a collection', params: CollectionParams, response: { 200: Collection } },
  }, async (request) => await catalogCollections.get(request.ctx, request.params.collectionId))

  app.patch<{ Params: CollectionParams, Body: CollectionPatch }>('/collections/:collectionId', {
    config: write,
    schema: { tags, operationId: 'updateCatalogCollection', summary: 'Change a collection', params: CollectionParams, body: CollectionPatch, response: { 200: Collection } },
  }, async (request) => await catalogCollections.update(request.ctx, request.params.collectionId, request.body))

  app.delete<{ Params: CollectionParams }>('/collections/:collectionId', {
    config: write,
    schema: { tags, operationId: 'deleteCatalogCollection', summary: 'Delete a collection (its products stay)', params: CollectionParams, response: { 204: NoContent } },
  }, async (request, reply) => { await catalogCollections.delete(request.ctx, request.params.collectionId); return await reply.code(204).send(null) })

  app.get<{ Params: CollectionParams }>('/collections/:collectionId/products', {
    config: read,
    schema: { tags, operationId: 'getCatalogCollectionProducts', summary: 'The products of a collection, in order', params: CollectionParams, response: { 200: CollectionProducts } },
  }, async (request) => await catalogCollections.getProducts(request.ctx, request.params.collectionId))

  app.put<{ Params: CollectionParams, Body: CollectionProductsInput }>('/collections/:collectionId/products', {
    config: write,
    schema: { tags, operationId: 'setCatalogCollectionProducts', summary: 'Replace the products of a collection, in order', params: CollectionParams, body: CollectionProductsInput, response: { 200: CollectionProducts } },
  }, async (request) => await catalogCollections.setProducts(request.ctx, request.params.collectionId, request.body.productIds))
}
