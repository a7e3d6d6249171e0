import { NotFoundError } from '@comptoir/core'

/** Recommendations for a product that is not published (or does not exist): the same answer for both. */
export class RecommendedProductNotFoundError extends NotFoundError {
  readonly code = 'RECOMMENDATIONS_PRODUCT_NOT_FOUND'
  readonly title = 'Product not found'
  constructor (handle: string) {
    super(`No published product has handle '${handle}'`, { handle })
  }
}
