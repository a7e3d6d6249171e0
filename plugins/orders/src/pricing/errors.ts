import { ConflictError, NotFoundError, UnprocessableError } from '@comptoir/core'

export class ShippingZoneNotFoundError extends NotFoundError {
  readonly code = 'ORDERS_SHIPPING_ZONE_NOT_FOUND'
  readonly title = 'Shipping zone not found'
  constructor (zoneId: string) { super(`No shipping zone ${zoneId}`, { zoneId }) }
}

export class ShippingOptionNotFoundError extends NotFoundError {
  readonly code = 'ORDERS_SHIPPING_OPTION_NOT_FOUND'
  readonly title = 'Shipping option not found'
  constructor (shippingOptionId: string) { super(`No shipping option ${shippingOptionId}`, { shippingOptionId }) }
}

/** 422: a flat option without an amount, a weight option without brackets, or brackets that repeat. */
export class ShippingRateInvalidError extends UnprocessableError {
  readonly code = 'ORDERS_SHIPPING_RATE_INVALID'
  readonly title = 'Invalid shipping rate'
  constructor (detail: string) { super(detail) }
}

/** 409: the option does not ship this cart (other zone or currency, inactive, too heavy, nothing to ship). */
export class ShippingOptionUnavailableError extends ConflictError {
  readonly code = 'ORDERS_SHIPPING_OPTION_UNAVAILABLE'
  readonly title = 'Shipping option not available for this cart'
  constructor (shippingOptionId: string, reason: string) { super(`Shipping option ${shippingOptionId} cannot ship this cart (${reason})`, { shippingOptionId, reason }) }
}

export class TaxRateNotFoundError extends NotFoundError {
  readonly code = 'ORDERS_TAX_RATE_NOT_FOUND'
  readonly title = 'Tax rate not found'
  constructor (taxRateId: string) { super(`No tax rate ${taxRateId}`, { taxRateId }) }
}

export class TaxRateTakenError extends ConflictError {
  readonly code = 'ORDERS_TAX_RATE_TAKEN'
  readonly title = 'A rate exists for this place'
  constructor (country: string, region: string | null, cause?: unknown) {
    super(`A tax rate for ${country}${region == null ? '' : ` / ${region}`} already exists`, { country, region }, { cause })
  }
}

export class PromotionNotFoundError extends NotFoundError {
  readonly code = 'ORDERS_PROMOTION_NOT_FOUND'
  readonly title = 'Promotion not found'
  constructor (what: { promotionId?: string, code?: string }) { super(`No promotion ${what.code ?? what.promotionId ?? ''}`.trim(), what) }
}

export class PromotionCodeTakenError extends ConflictError {
  readonly code = 'ORDERS_PROMOTION_CODE_TAKEN'
  readonly title = 'Promotion code already in use'
  constructor (code: string, cause?: unknown) { super(`A promotion with code '${code}' already exists`, { promotionCode: code }, { cause }) }
}

/** 422: fields that do not fit the kind (a percentage without `percentBps`, a fixed amount without currency...). */
export class PromotionInvalidError extends UnprocessableError {
  readonly code = 'ORDERS_PROMOTION_INVALID'
  readonly title = 'Invalid promotion'
  constructor (detail: string) { super(detail) }
}

/** 409: the code exists but cannot apply to this cart now; `reason` says why. */
export class PromotionNotApplicableError extends ConflictError {
  readonly code = 'ORDERS_PROMOTION_NOT_APPLICABLE'
  readonly title = 'Promotion not applicable'
  constructor (code: string, reason: string) { super(`Code '${code}' does not apply (${reason})`, { promotionCode: code, reason }) }
}

/** 409: the code reached its usage limit, overall or for this customer. */
export class PromotionExhaustedError extends ConflictError {
  readonly code = 'ORDERS_PROMOTION_EXHAUSTED'
  readonly title = 'Promotion usage limit reached'
  constructor (code: string, scope: 'code' | 'customer') { super(`Code '${code}' has reached its usage limit${scope === 'customer' ? ' for this customer' : ''}`, { promotionCode: code, scope }) }
}
