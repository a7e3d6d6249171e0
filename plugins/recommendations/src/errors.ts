import { NotFoundError, UnprocessableError } from '@comptoir/core'

/** Recommendations for a product that is not published (or does not exist): the same answer for both. */
export class RecommendedProductNotFoundError extends NotFoundError {
  readonly code = 'RECOMMENDATIONS_PRODUCT_NOT_FOUND'
  readonly title = 'Product not found'
  constructor (handle: string) {
    super(`No published product has handle '${handle}'`, { handle })
  }
}

/** A placement that pins and excludes the same product. */
export class PlacementConflictError extends UnprocessableError {
  readonly code = 'RECOMMENDATIONS_PLACEMENT_CONFLICT'
  readonly title = 'Product both pinned and excluded'
  constructor (placement: string, productIds: string[]) {
    super(`Placement '${placement}' cannot pin and exclude the same product`, { placement, productIds })
  }
}
