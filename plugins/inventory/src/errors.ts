import { BadRequestError, ConflictError, NotFoundError, UnprocessableError } from '@comptoir/core'

/** What inventory looks up by id and may not find. */
export type InventoryEntity = 'location' | 'item' | 'level' | 'reservation' | 'transfer' | 'import'

const notFoundCodes: Record<InventoryEntity, string> = {
  location: 'INVENTORY_LOCATION_NOT_FOUND',
  item: 'INVENTORY_ITEM_NOT_FOUND',
  level: 'INVENTORY_LEVEL_NOT_FOUND',
  reservation: 'INVENTORY_RESERVATION_NOT_FOUND',
  transfer: 'INVENTORY_TRANSFER_NOT_FOUND',
  import: 'INVENTORY_IMPORT_NOT_FOUND',
}

export class InventoryNotFoundError extends NotFoundError {
  readonly code: string
  readonly title: string
  constructor (entity: InventoryEntity, key: string) {
    super(`No ${entity} has id '${key}'`, { entity, key })
    this.code = notFoundCodes[entity]
    this.title = `${entity[0]?.toUpperCase() ?? ''}${entity.slice(1)} not found`
  }
}

/** A reservation (or adjustment) asked for more than the locations hold. */
export class InsufficientStockError extends ConflictError {
  readonly code = 'INVENTORY_INSUFFICIENT_STOCK'
  readonly title = 'Not enough stock'
  constructor (variantId: string, requested: number, available: number) {
    super(`Only ${available} of ${requested} available for variant ${variantId}`, { variantId, requested, available })
  }
}

/** Fulfilment of more units than the owner holds reserved. */
export class NotReservedError extends ConflictError {
  readonly code = 'INVENTORY_NOT_RESERVED'
  readonly title = 'Not reserved'
  constructor (variantId: string, requested: number, reserved: number) {
    super(`Owner holds ${reserved} reserved of ${requested} requested for variant ${variantId}`, { variantId, requested, reserved })
  }
}

/** A change that would leave fewer units on hand than are reserved (or a negative count). */
export class BelowReservedError extends ConflictError {
  readonly code = 'INVENTORY_BELOW_RESERVED'
  readonly title = 'On hand would fall below reserved'
  constructor (levelId: string, cause?: unknown) {
    super(`Level ${levelId} cannot hold fewer units on hand than reserved (or fewer than zero)`, { levelId }, { cause })
  }
}

export class LocationNameTakenError extends ConflictError {
  readonly code = 'INVENTORY_LOCATION_NAME_TAKEN'
  readonly title = 'Location name already taken'
  constructor (name: string, cause?: unknown) {
    super(`A stock location named '${name}' already exists`, { field: 'name', name }, { cause })
  }
}

export class LocationInUseError extends ConflictError {
  readonly code = 'INVENTORY_LOCATION_IN_USE'
  readonly title = 'Location still holds stock'
  constructor (locationId: string) {
    super(`Location ${locationId} still has stock, reservations or transfers; deactivate it instead`, { locationId })
  }
}

export class TransferStateError extends ConflictError {
  readonly code = 'INVENTORY_TRANSFER_STATE'
  readonly title = 'Transfer is not in the right state'
  constructor (transferId: string, status: string, expected: string) {
    super(`Transfer ${transferId} is ${status}; this needs it ${expected}`, { transferId, transferStatus: status, expected })
  }
}

export class SameLocationTransferError extends UnprocessableError {
  readonly code = 'INVENTORY_SAME_LOCATION'
  readonly title = 'Transfer source and destination are the same'
  constructor () {
    super('A transfer needs two different locations')
  }
}

export class ImportNotCsvError extends BadRequestError {
  readonly code = 'INVENTORY_IMPORT_NOT_CSV'
  readonly title = 'Upload must be a CSV body'
  constructor () {
    super('Send the CSV as the request body with Content-Type: text/csv')
  }
}

export class ImportHeaderError extends UnprocessableError {
  readonly code = 'INVENTORY_IMPORT_HEADER'
  readonly title = 'CSV header is missing required columns'
  constructor (detail: string) {
    super(detail)
  }
}

export class ImportTooLargeError extends UnprocessableError {
  readonly code = 'INVENTORY_IMPORT_TOO_LARGE'
  readonly title = 'CSV too large'
  constructor (maxBytes: number) {
    super(`The file exceeds ${maxBytes} bytes`, { maxBytes })
  }
}

/** One CSV row that cannot be imported (reported in the import's error list, never over HTTP). */
export class ImportRowInvalidError extends UnprocessableError {
  readonly code = 'INVENTORY_IMPORT_ROW_INVALID'
  readonly title = 'Invalid import row'
  constructor (readonly column: string, detail: string) {
    super(detail, { column })
  }
}

/** A movement that would take a level's numbers past what a level can count (2^31 − 1 units). */
export class QuantityOutOfRangeError extends UnprocessableError {
  readonly code = 'INVENTORY_QUANTITY_OUT_OF_RANGE'
  readonly title = 'Quantity out of range'
  constructor (cause?: unknown) {
    super('The resulting quantity is larger than a stock level can hold (2147483647 units)', {}, { cause })
  }
}
