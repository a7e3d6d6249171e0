import { ConflictError, NotFoundError, UnprocessableError } from '@comptoir/core'

/** What suppliers looks up by id and may not find. */
export type SuppliersEntity = 'supplier' | 'supplier_item' | 'purchase_order' | 'purchase_order_line' | 'carrier' | 'carrier_service' | 'delivery_zone' | 'carrier_rate' | 'location'

export class SuppliersNotFoundError extends NotFoundError {
  readonly code: string
  readonly title: string
  constructor (entity: SuppliersEntity, key: string) {
    super(`No ${entity.replace(/_/g, ' ')} has id '${key}'`, { entity, key })
    this.code = `SUPPLIERS_${entity.toUpperCase()}_NOT_FOUND`
    this.title = `${entity[0]?.toUpperCase() ?? ''}${entity.slice(1).replace(/_/g, ' ')} not found`
  }
}

export class SupplierNameTakenError extends ConflictError {
  readonly code = 'SUPPLIERS_NAME_TAKEN'
  readonly title = 'Supplier name already taken'
  constructor (name: string, cause?: unknown) {
    super(`A supplier named '${name}' already exists`, { field: 'name', name }, { cause })
  }
}

export class SupplierItemExistsError extends ConflictError {
  readonly code = 'SUPPLIERS_ITEM_EXISTS'
  readonly title = 'The supplier already sells this variant'
  constructor (supplierId: string, variantId: string, cause?: unknown) {
    super(`Supplier ${supplierId} already has an item for variant ${variantId}; change that one`, { supplierId, variantId }, { cause })
  }
}

/** A cost or amount in another currency than the supplier's (orders are in one currency, no FX). */
export class CurrencyMismatchError extends UnprocessableError {
  readonly code = 'SUPPLIERS_CURRENCY_MISMATCH'
  readonly title = "Not the supplier's currency"
  constructor (expected: string, got: string) {
    super(`The supplier trades in ${expected}, not ${got}`, { expected, currency: got })
  }
}

export class SupplierInactiveError extends ConflictError {
  readonly code = 'SUPPLIERS_SUPPLIER_INACTIVE'
  readonly title = 'Supplier is inactive'
  constructor (supplierId: string) {
    super(`Supplier ${supplierId} is inactive: activate it before ordering`, { supplierId })
  }
}

/** A transition the purchase order's state does not allow (draft → sent → partially_received → received; cancelled). */
export class PurchaseOrderStateError extends ConflictError {
  readonly code = 'SUPPLIERS_PURCHASE_ORDER_STATE'
  readonly title = 'Purchase order is not in the right state'
  constructor (purchaseOrderId: string, status: string, expected: readonly string[]) {
    super(`Purchase order ${purchaseOrderId} is ${status}; this needs it ${expected.join(' or ')}`, { purchaseOrderId, purchaseOrderStatus: status, expected })
  }
}

export class PurchaseOrderEmptyError extends UnprocessableError {
  readonly code = 'SUPPLIERS_PURCHASE_ORDER_EMPTY'
  readonly title = 'Purchase order has no lines'
  constructor () {
    super('Add lines before sending the purchase order')
  }
}

/** A line without a unit cost, for a variant the supplier has no item for. */
export class UnitCostRequiredError extends UnprocessableError {
  readonly code = 'SUPPLIERS_UNIT_COST_REQUIRED'
  readonly title = 'Unit cost required'
  constructor (variantId: string) {
    super(`The supplier has no item for variant ${variantId}: give unitCostAmount`, { variantId })
  }
}

export class DuplicateLineError extends UnprocessableError {
  readonly code = 'SUPPLIERS_DUPLICATE_LINE'
  readonly title = 'Variant listed twice'
  constructor (variantId: string) {
    super(`Variant ${variantId} appears on two lines; use one line`, { variantId })
  }
}

/** A receipt line naming a line of another order, or repeating one. */
export class ReceiptLineInvalidError extends UnprocessableError {
  readonly code = 'SUPPLIERS_RECEIPT_LINE_INVALID'
  readonly title = 'Receipt line invalid'
  constructor (lineId: string, reason: 'not_on_order' | 'repeated' | 'nothing_received') {
    super(`Receipt line ${lineId}: ${reason.replace(/_/g, ' ')}`, { lineId, reason })
  }
}

/** A receipt dated before the order was sent. */
export class ReceiptDateError extends UnprocessableError {
  readonly code = 'SUPPLIERS_RECEIPT_DATE'
  readonly title = 'Receipt dated before the order was sent'
  constructor (sentAt: string) {
    super(`receivedAt must not be before the order was sent (${sentAt})`, { field: 'receivedAt', sentAt })
  }
}

export class CarrierCodeTakenError extends ConflictError {
  readonly code = 'SUPPLIERS_CARRIER_CODE_TAKEN'
  readonly title = 'Code already taken'
  constructor (what: 'carrier' | 'carrier_service', code: string, cause?: unknown) {
    super(`A ${what.replace('_', ' ')} with code '${code}' already exists`, { field: 'code', code }, { cause })
  }
}

export class CarrierRateExistsError extends ConflictError {
  readonly code = 'SUPPLIERS_CARRIER_RATE_EXISTS'
  readonly title = 'Rate already exists'
  constructor (cause?: unknown) {
    super('This service already has a rate for that zone and currency; change that one', {}, { cause })
  }
}

export class CarrierRateInvalidError extends UnprocessableError {
  readonly code = 'SUPPLIERS_CARRIER_RATE_INVALID'
  readonly title = 'Invalid rate'
  constructor (detail: string) {
    super(detail)
  }
}

export class TrackingUnavailableError extends ConflictError {
  readonly code = 'SUPPLIERS_TRACKING_UNAVAILABLE'
  readonly title = 'Carrier has no tracking URL'
  constructor (carrierId: string) {
    super(`Carrier ${carrierId} has no tracking URL template`, { carrierId })
  }
}

export class CurrencyLockedError extends ConflictError {
  readonly code = 'SUPPLIERS_CURRENCY_LOCKED'
  readonly title = "Supplier's currency is in use"
  constructor (supplierId: string) {
    super(`Supplier ${supplierId} already has items or purchase orders priced in its currency`, { supplierId })
  }
}

/** Two requests made different suppliers preferred for one variant at once: the second lost. */
export class PreferredConflictError extends ConflictError {
  readonly code = 'SUPPLIERS_PREFERRED_CONFLICT'
  readonly title = 'Preferred supplier changed concurrently'
  constructor (variantId: string, cause?: unknown) {
    super(`Another request changed the preferred supplier of variant ${variantId}; read and retry`, { variantId }, { cause })
  }
}

/** An order whose total would exceed what an amount can hold exactly (2^53 − 1 minor units). */
export class AmountOutOfRangeError extends UnprocessableError {
  readonly code = 'SUPPLIERS_AMOUNT_OUT_OF_RANGE'
  readonly title = 'Amount out of range'
  constructor (cause?: unknown) {
    super('The order total would exceed 9007199254740991 minor units: split the order', {}, { cause })
  }
}
