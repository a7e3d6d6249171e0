import { CurrencyCode, Type, type Static } from '@comptoir/core'

const Id = Type.String({ format: 'uuid' })
const Handle = Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' })
const Limit = Type.Integer({ minimum: 1, maximum: 50, default: 10 })
const PlacementKey = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', description: 'A storefront slot (product-page, cart, home…): its pins come first, its exclusions never' })
const Currency = Type.String({ pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3, description: 'ISO 4217; defaults to the plugin\'s defaultCurrency' })

export const ModelName = Type.Union([Type.Literal('bought-together'), Type.Literal('similar'), Type.Literal('trending'), Type.Literal('for-you')])

export const RecommendedProduct = Type.Object({
  productId: Id,
  handle: Type.String(),
  title: Type.String(),
  price: Type.Object({ amount: Type.Integer(), currency: CurrencyCode }, { description: 'The lowest base price of its variants in the currency' }),
  score: Type.Number({ description: 'The model\'s score; 0 for a pinned product' }),
  pinned: Type.Boolean({ description: 'Pinned by the merchant in the requested placement (pins come first)' }),
})

export const Recommendations = Type.Object({
  kind: Type.Union([Type.Literal('bought-together'), Type.Literal('similar'), Type.Literal('trending'), Type.Literal('for-you')]),
  source: Type.Union([Type.Literal('model'), Type.Literal('fallback')], { description: 'fallback: the model had nothing yet (bought-together → similar, for-you → trending)' }),
  items: Type.Array(RecommendedProduct),
})
export type Recommendations = Static<typeof Recommendations>

export const ProductRecommendationParams = Type.Object({ handle: Handle }, { additionalProperties: false })
export type ProductRecommendationParams = Static<typeof ProductRecommendationParams>
export const ProductRecommendationQuery = Type.Object({
  kind: Type.Union([Type.Literal('bought-together'), Type.Literal('similar')], { default: 'bought-together' }),
  placement: Type.Optional(PlacementKey),
  currency: Type.Optional(Currency),
  limit: Type.Optional(Limit),
}, { additionalProperties: false })
export type ProductRecommendationQuery = Static<typeof ProductRecommendationQuery>

export const StoreRecommendationQuery = Type.Object({
  kind: Type.Union([Type.Literal('trending'), Type.Literal('for-you')], { default: 'trending' }),
  categoryId: Type.Optional(Type.String({ format: 'uuid', description: 'trending only: trending in this category' })),
  placement: Type.Optional(PlacementKey),
  currency: Type.Optional(Currency),
  limit: Type.Optional(Limit),
}, { additionalProperties: false })
export type StoreRecommendationQuery = Static<typeof StoreRecommendationQuery>

export const ModelBuild = Type.Object({ model: ModelName, builtAt: Type.String({ format: 'date-time' }), rows: Type.Integer(), durationMs: Type.Integer() })
export const ModelStatus = Type.Object({
  items: Type.Array(Type.Object({
    model: ModelName,
    builtAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    rows: Type.Integer(),
    durationMs: Type.Union([Type.Integer(), Type.Null()]),
  })),
  signals: Type.Object({ purchases: Type.Integer({ description: 'Purchase interactions held' }), products: Type.Integer({ description: 'Published products in the projection' }) }),
})
export type ModelStatus = Static<typeof ModelStatus>

export const RebuildInput = Type.Object({
  models: Type.Optional(Type.Array(ModelName, { minItems: 1, maxItems: 4, uniqueItems: true, description: 'Default: all four' })),
}, { additionalProperties: false })
export type RebuildInput = Static<typeof RebuildInput>
export const RebuildAccepted = Type.Object({ jobId: Type.String(), models: Type.Array(ModelName) })

export const EvaluationInput = Type.Object({
  k: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
}, { additionalProperties: false })
export type EvaluationInput = Static<typeof EvaluationInput>
const Metrics = Type.Object({ hitRate: Type.Number(), precision: Type.Number(), recall: Type.Number() })
export const Evaluation = Type.Object({
  k: Type.Integer(),
  customers: Type.Integer({ description: 'Customers with at least two orders, whose last order is held out' }),
  models: Type.Object({ popularity: Metrics, boughtTogether: Metrics, forYou: Metrics }),
})
export type Evaluation = Static<typeof Evaluation>

export const ExclusionParams = Type.Object({ productId: Id }, { additionalProperties: false })
export type ExclusionParams = Static<typeof ExclusionParams>
export const ExclusionInput = Type.Object({
  reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
}, { additionalProperties: false })
export type ExclusionInput = Static<typeof ExclusionInput>
export const Exclusion = Type.Object({ productId: Id, reason: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String({ format: 'date-time' }) })
export type Exclusion = Static<typeof Exclusion>
export const ExclusionQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
}, { additionalProperties: false })
export type ExclusionQuery = Static<typeof ExclusionQuery>
export const ExclusionPage = Type.Object({ items: Type.Array(Exclusion), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type ExclusionPage = Static<typeof ExclusionPage>

export const PlacementParams = Type.Object({ placement: PlacementKey }, { additionalProperties: false })
export type PlacementParams = Static<typeof PlacementParams>
const ProductIds = (maxItems: number, description: string) => Type.Array(Id, { maxItems, uniqueItems: true, description })
export const PlacementInput = Type.Object({
  pins: Type.Optional(ProductIds(20, 'Served first, in this order (when published, priced and in stock)')),
  exclusions: Type.Optional(ProductIds(500, 'Never served in this placement')),
}, { additionalProperties: false })
export type PlacementInput = Static<typeof PlacementInput>
export const Placement = Type.Object({
  id: Type.String({ description: 'The placement key (also `placement`)' }),
  placement: Type.String(),
  pins: Type.Array(Id),
  exclusions: Type.Array(Id),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type Placement = Static<typeof Placement>
export const PlacementQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 64, description: 'nextCursor of the previous page' })),
}, { additionalProperties: false })
export type PlacementQuery = Static<typeof PlacementQuery>
export const PlacementPage = Type.Object({ items: Type.Array(Placement), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type PlacementPage = Static<typeof PlacementPage>
