import { Page, PageQuery, Type, type Static } from '@comptoir/core'
import { Handle, Id, Timestamp } from './common.js'

export const Category = Type.Object({
  id: Id,
  handle: Type.String(),
  name: Type.String(),
  description: Type.String(),
  parentId: Type.Union([Id, Type.Null()]),
  ancestorIds: Type.Array(Id, { description: 'From the root down to the parent' }),
  position: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Category = Static<typeof Category>
export const CategoryPage = Page(Category)

export const CategoryInput = Type.Object({
  handle: Handle,
  name: Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' }),
  description: Type.Optional(Type.String({ maxLength: 10000 })),
  parentId: Type.Optional(Type.Union([Id, Type.Null()])),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
}, { additionalProperties: false })
export type CategoryInput = Static<typeof CategoryInput>

/** `parentId` moves the category with its whole subtree (null: to the root). */
export const CategoryPatch = Type.Partial(CategoryInput, { additionalProperties: false, minProperties: 1 })
export type CategoryPatch = Static<typeof CategoryPatch>

export const CategoryParams = Type.Object({ categoryId: Id }, { additionalProperties: false })
export type CategoryParams = Static<typeof CategoryParams>

export const CategoryQuery = Type.Object({
  ...PageQuery.properties,
  parentId: Type.Optional(Id),
}, { additionalProperties: false })
export type CategoryQuery = Static<typeof CategoryQuery>

export const ProductCategoriesInput = Type.Object({
  categoryIds: Type.Array(Id, { maxItems: 50, uniqueItems: true }),
}, { additionalProperties: false })
export type ProductCategoriesInput = Static<typeof ProductCategoriesInput>

export const Collection = Type.Object({
  id: Id,
  handle: Type.String(),
  title: Type.String(),
  description: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Collection = Static<typeof Collection>
export const CollectionPage = Page(Collection)

export const CollectionInput = Type.Object({
  handle: Handle,
  title: Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' }),
  description: Type.Optional(Type.String({ maxLength: 10000 })),
}, { additionalProperties: false })
export type CollectionInput = Static<typeof CollectionInput>

export const CollectionPatch = Type.Partial(CollectionInput, { additionalProperties: false, minProperties: 1 })
export type CollectionPatch = Static<typeof CollectionPatch>

export const CollectionParams = Type.Object({ collectionId: Id }, { additionalProperties: false })
export type CollectionParams = Static<typeof CollectionParams>

export const CollectionProductsInput = Type.Object({
  productIds: Type.Array(Id, { maxItems: 1000, uniqueItems: true, description: 'In display order; replaces the list' }),
}, { additionalProperties: false })
export type CollectionProductsInput = Static<typeof CollectionProductsInput>

export const CollectionProducts = Type.Object({ productIds: Type.Array(Id) })
export type CollectionProducts = Static<typeof CollectionProducts>
