import { Type, type RoutePlugin } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import {
  AdminProductQuery, Image, ImageInput, ImageParams, ImagePatch, OptionInput, OptionParams, OptionPatch, Product, ProductCategoriesInput,
  ProductInput, ProductParams, ProductPatch, ProductSummaryPage, Variant, VariantInput, VariantParams, VariantPatch, VariantPricesInput,
} from '../schemas/index.js'

const tags = ['catalog']
const read = { permission: 'catalog:read' }
const write = { permission: 'catalog:write' }
const NoContent = Type.Null({ description: 'Done' })

/** Admin routes for products, their options, variants, prices and images (mounted under /admin). */
export const adminProductRoutes: RoutePlugin<CatalogConfig> = async (app) => {
  const { catalog, catalogOptions, catalogVariants, catalogImages } = app.services

  app.get<{ Querystring: AdminProductQuery }>('/products', {
    config: read,
    schema: { tags, operationId: 'listCatalogProducts', summary: 'List products, newest first (every status)', querystring: AdminProductQuery, response: { 200: ProductSummaryPage } },
  }, async (request) => await catalog.list(request.ctx, request.query))

  app.post<{ Body: ProductInput }>('/products', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCatalogProduct', summary: 'Create a product with its options, variants, prices and images', body: ProductInput, response: { 201: Product } },
  }, async (request, reply) => await reply.code(201).send(await catalog.create(request.ctx, request.body)))

  app.get<{ Params: ProductParams }>('/products/:productId', {
    config: read,
    schema: { tags, operationId: 'getCatalogProduct', summary: 'Read a product with everything it holds', params: ProductParams, response: { 200: Product } },
  }, async (request) => await catalog.get(request.ctx, request.params.productId))

  app.patch<{ Params: ProductParams, Body: ProductPatch }>('/products/:productId', {
    config: write,
    schema: { tags, operationId: 'updateCatalogProduct', summary: 'Change product fields', params: ProductParams, body: ProductPatch, response: { 200: Product } },
  }, async (request) => await catalog.update(request.ctx, request.params.productId, request.body))

  app.delete<{ Params: ProductParams }>('/products/:productId', {
    config: write,
    schema: { tags, operationId: 'deleteCatalogProduct', summary: 'Delete a product for good (archive it to keep it)', params: ProductParams, response: { 204: NoContent } },
  }, async (request, reply) => { await catalog.delete(request.ctx, request.params.productId); return await reply.code(204).send(null) })

  for (const [action, summary] of [['publish', 'Publish on the storefront'], ['unpublish', 'Hide from the storefront (draft)'], ['archive', 'Archive (soft delete)']] as const) {
    app.post<{ Params: ProductParams }>(`/products/:productId/${action}`, {
      config: write,
      schema: { tags, operationId: `${action}CatalogProduct`, summary, params: ProductParams, response: { 200: Product } },
    }, async (request) => await catalog[action](request.ctx, request.params.productId))
  }

  app.put<{ Params: ProductParams, Body: ProductCategoriesInput }>('/products/:productId/categories', {
    config: write,
    schema: { tags, operationId: 'setCatalogProductCategories', summary: 'Replace the categories of a product', params: ProductParams, body: ProductCategoriesInput, response: { 200: Product } },
  }, async (request) => await catalog.setCategories(request.ctx, request.params.productId, request.body.categoryIds))

  app.post<{ Params: ProductParams, Body: OptionInput }>('/products/:productId/options', {
    config: write,
    schema: { tags, operationId: 'addCatalogProductOption', summary: 'Add an option (only while the product has no variants)', params: ProductParams, body: OptionInput, response: { 201: Product } },
  }, async (request, reply) => await reply.code(201).send(await catalogOptions.add(request.ctx, request.params.productId, request.body)))

  app.patch<{ Params: OptionParams, Body: OptionPatch }>('/products/:productId/options/:optionId', {
    config: write,
    schema: { tags, operationId: 'updateCatalogProductOption', summary: 'Rename an option or replace its values', params: OptionParams, body: OptionPatch, response: { 200: Product } },
  }, async (request) => await catalogOptions.update(request.ctx, request.params.productId, request.params.optionId, request.body))

  app.delete<{ Params: OptionParams }>('/products/:productId/options/:optionId', {
    config: write,
    schema: { tags, operationId: 'removeCatalogProductOption', summary: 'Remove an option (only while the product has no variants)', params: OptionParams, response: { 200: Product } },
  }, async (request) => await catalogOptions.remove(request.ctx, request.params.productId, request.params.optionId))

  app.post<{ Params: ProductParams, Body: VariantInput }>('/products/:productId/variants', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCatalogVariant', summary: 'Add a variant with its prices', params: ProductParams, body: VariantInput, response: { 201: Variant } },
  }, async (request, reply) => await reply.code(201).send(await catalogVariants.create(request.ctx, request.params.productId, request.body)))

  app.get<{ Params: VariantParams }>('/variants/:variantId', {
    config: read,
    schema: { tags, operationId: 'getCatalogVariant', summary: 'Read a variant', params: VariantParams, response: { 200: Variant } },
  }, async (request) => await catalogVariants.get(request.ctx, request.params.variantId))

  app.patch<{ Params: VariantParams, Body: VariantPatch }>('/variants/:variantId', {
    config: write,
    schema: { tags, operationId: 'updateCatalogVariant', summary: 'Change a variant (SKU, option values, measures)', params: VariantParams, body: VariantPatch, response: { 200: Variant } },
  }, async (request) => await catalogVariants.update(request.ctx, request.params.variantId, request.body))

  app.delete<{ Params: VariantParams }>('/variants/:variantId', {
    config: write,
    schema: { tags, operationId: 'deleteCatalogVariant', summary: 'Delete a variant', params: VariantParams, response: { 204: NoContent } },
  }, async (request, reply) => { await catalogVariants.delete(request.ctx, request.params.variantId); return await reply.code(204).send(null) })

  app.put<{ Params: VariantParams, Body: VariantPricesInput }>('/variants/:variantId/prices', {
    config: write,
    schema: { tags, operationId: 'setCatalogVariantPrices', summary: 'Replace the base prices of a variant', params: VariantParams, body: VariantPricesInput, response: { 200: Variant } },
  }, async (request) => await catalogVariants.setPrices(request.ctx, request.params.variantId, request.body.prices))

  app.post<{ Params: ProductParams, Body: ImageInput }>('/products/:productId/images', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'addCatalogImage', summary: 'Add an image to a product', params: ProductParams, body: ImageInput, response: { 201: Image } },
  }, async (request, reply) => await reply.code(201).send(await catalogImages.add(request.ctx, request.params.productId, request.body)))

  app.patch<{ Params: ImageParams, Body: ImagePatch }>('/images/:imageId', {
    config: write,
    schema: { tags, operationId: 'updateCatalogImage', summary: 'Change alt text, position or variants of an image', params: ImageParams, body: ImagePatch, response: { 200: Image } },
  }, async (request) => await catalogImages.update(request.ctx, request.params.imageId, request.body))

  app.delete<{ Params: ImageParams }>('/images/:imageId', {
    config: write,
    schema: { tags, operationId: 'deleteCatalogImage', summary: 'Delete an image', params: ImageParams, response: { 204: NoContent } },
  }, async (request, reply) => { await catalogImages.delete(request.ctx, request.params.imageId); return await reply.code(204).send(null) })
}
