import { BadRequestError, ConflictError, HttpError, NotFoundError, UnprocessableError } from '@comptoir/core'

/** Anything the catalog looks up by id or handle and did not find. */
export type CatalogEntity = 'product' | 'variant' | 'option' | 'image' | 'category' | 'collection' | 'price list' | 'import'

const notFoundCodes: Record<CatalogEntity, string> = {
  product: 'CATALOG_PRODUCT_NOT_FOUND',
  variant: 'CATALOG_VARIANT_NOT_FOUND',
  option: 'CATALOG_OPTION_NOT_FOUND',
  image: 'CATALOG_IMAGE_NOT_FOUND',
  category: 'CATALOG_CATEGORY_NOT_FOUND',
  collection: 'CATALOG_COLLECTION_NOT_FOUND',
  'price list': 'CATALOG_PRICE_LIST_NOT_FOUND',
  import: 'CATALOG_IMPORT_NOT_FOUND',
}

export class CatalogNotFoundError extends NotFoundError {
  readonly code: string
  readonly title: string
  constructor (entity: CatalogEntity, key: string) {
    super(`No ${entity} has id or handle '${key}'`, { entity, key })
    this.code = notFoundCodes[entity]
    this.title = `${entity[0]?.toUpperCase() ?? ''}${entity.slice(1)} not found`
  }
}

/** A handle (product, category or collection) already in use. */
export class HandleTakenError extends ConflictError {
  readonly code = 'CATALOG_HANDLE_TAKEN'
  readonly title = 'Handle already taken'
  constructor (entity: 'product' | 'category' | 'collection', handle: string, cause?: unknown) {
    super(`A ${entity} with handle '${handle}' already exists`, { field: 'handle', entity, handle }, { cause })
  }
}

export class SkuTakenError extends ConflictError {
  readonly code = 'CATALOG_SKU_TAKEN'
  readonly title = 'SKU already taken'
  constructor (sku: string, cause?: unknown) {
    super(`A variant with SKU '${sku}' already exists`, { field: 'sku', sku }, { cause })
  }
}

export class VariantOptionsTakenError extends ConflictError {
  readonly code = 'CATALOG_VARIANT_OPTIONS_TAKEN'
  readonly title = 'Another variant has these option values'
  constructor (productId: string, options: Record<string, string>, cause?: unknown) {
    super('Another variant of this product has the same option values', { field: 'options', productId, options }, { cause })
  }
}

export class OptionNameTakenError extends ConflictError {
  readonly code = 'CATALOG_OPTION_NAME_TAKEN'
  readonly title = 'Option name already taken'
  constructor (name: string, cause?: unknown) {
    super(`The product already has an option named '${name}'`, { field: 'name', name }, { cause })
  }
}

export class ProductHasVariantsError extends ConflictError {
  readonly code = 'CATALOG_PRODUCT_HAS_VARIANTS'
  readonly title = 'The product has variants'
  constructor (productId: string) {
    super('Options can be added or removed only while the product has no variants', { productId })
  }
}

export class OptionValueInUseError extends ConflictError {
  readonly code = 'CATALOG_OPTION_VALUE_IN_USE'
  readonly title = 'Option value in use'
  constructor (option: string, values: string[]) {
    super(`Variants still use ${values.map((v) => `'${v}'`).join(', ')} of option '${option}'`, { field: 'values', option, values })
  }
}

export class VariantOptionsMismatchError extends UnprocessableError {
  readonly code = 'CATALOG_VARIANT_OPTIONS_MISMATCH'
  readonly title = 'Variant options do not match the product'
  constructor (expected: string[], given: string[]) {
    super(`A variant needs exactly one value for each option of the product (${expected.join(', ') || 'none'}), got ${given.join(', ') || 'none'}`, { field: 'options', expected, given })
  }
}

export class TooManyOptionsError extends UnprocessableError {
  readonly code = 'CATALOG_TOO_MANY_OPTIONS'
  readonly title = 'Too many options'
  constructor () { super('A product has at most 3 options', { field: 'options', max: 3 }) }
}

export class UnsupportedCurrencyError extends BadRequestError {
  readonly code = 'CATALOG_UNSUPPORTED_CURRENCY'
  readonly title = 'Currency not supported'
  constructor (currency: string, supported: readonly string[]) {
    super(`This store does not sell in ${currency}; use one of ${supported.join(', ')}`, { field: 'currency', currency, supported })
  }
}

export class InvalidPriceRangeError extends BadRequestError {
  readonly code = 'CATALOG_INVALID_PRICE_RANGE'
  readonly title = 'Invalid price range'
  constructor (min: number, max: number) { super(`minPrice ${min} is above maxPrice ${max}`, { minPrice: min, maxPrice: max }) }
}

export class EmptySearchError extends BadRequestError {
  readonly code = 'CATALOG_EMPTY_SEARCH'
  readonly title = 'Nothing to search for'
  constructor () { super('The query has no letters or digits to search for', { field: 'q' }) }
}

export class CategoryCycleError extends ConflictError {
  readonly code = 'CATALOG_CATEGORY_CYCLE'
  readonly title = 'A category cannot move under itself'
  constructor (categoryId: string, parentId: string) {
    super('The new parent is the category itself or one of its descendants', { field: 'parentId', categoryId, parentId })
  }
}

export class CategoryHasChildrenError extends ConflictError {
  readonly code = 'CATALOG_CATEGORY_HAS_CHILDREN'
  readonly title = 'The category has children'
  constructor (categoryId: string) { super('Move or delete its children first', { categoryId }) }
}

/** Ids in a request that name nothing (or something of another product). */
export class UnknownReferencesError extends UnprocessableError {
  readonly code = 'CATALOG_UNKNOWN_REFERENCES'
  readonly title = 'Unknown ids in the request'
  constructor (field: string, ids: string[]) {
    super(`${field} names ids that do not exist here: ${ids.slice(0, 10).join(', ')}`, { field, ids: ids.slice(0, 100) })
  }
}

export class InvalidPeriodError extends UnprocessableError {
  readonly code = 'CATALOG_INVALID_PERIOD'
  readonly title = 'The period ends before it starts'
  constructor (cause?: unknown) { super('endsAt must be after startsAt', { field: 'endsAt' }, { cause }) }
}

export class ImageTakenError extends ConflictError {
  readonly code = 'CATALOG_IMAGE_TAKEN'
  readonly title = 'Image already on the product'
  constructor (url: string, cause?: unknown) { super('The product already has an image with this URL', { field: 'url', url }, { cause }) }
}

export class EmptyImportError extends BadRequestError {
  readonly code = 'CATALOG_IMPORT_EMPTY'
  readonly title = 'The CSV is empty'
  constructor () { super('Send the CSV file as the request body (Content-Type: text/csv)') }
}

export class ImportHeaderError extends UnprocessableError {
  readonly code = 'CATALOG_IMPORT_BAD_HEADER'
  readonly title = 'Not a Shopify product CSV'
  constructor (detail: string) { super(detail, { field: 'Handle' }) }
}

export class ImportTooLargeError extends HttpError {
  readonly status = 413
  readonly code = 'CATALOG_IMPORT_TOO_LARGE'
  readonly title = 'The CSV is too large'
  constructor (maxBytes: number) { super(`The file is larger than the store's limit of ${maxBytes} bytes (config importMaxBytes)`, { maxBytes }) }
}

export class SortNeedsQueryError extends BadRequestError {
  readonly code = 'CATALOG_SORT_NEEDS_QUERY'
  readonly title = 'Relevance needs a search query'
  constructor () { super('sort=relevance is only possible with q', { field: 'sort' }) }
}

export class ImportNotCsvError extends HttpError {
  readonly status = 415
  readonly code = 'CATALOG_IMPORT_NOT_CSV'
  readonly title = 'Send the file as text/csv'
  constructor () { super('The request body must be the CSV file itself, with Content-Type: text/csv', { field: 'content-type' }) }
}
