import type { Ctx } from '@comptoir/core'

/** Who holds a reservation: a cart, an order, … (opaque to inventory). */
export interface ReservationOwner { type: string, id: string }

export interface ReserveStockLine {
  variantId: string
  /** Integer >= 1. */
  quantity: number
  /** The caller's line id (an order line), echoed on the reservation. */
  reference?: string
}

export interface ReserveStockInput {
  owner: ReservationOwner
  lines: ReserveStockLine[]
  /** null/undefined: the reservation never expires. */
  expiresAt?: Date | null
  /** Whether a line may be split across locations; default: the plugin's `allowSplit` option. */
  allowSplit?: boolean
}

export interface Reservation {
  id: string
  variantId: string
  locationId: string
  quantity: number
  reference: string | null
  owner: ReservationOwner
  expiresAt: string | null
}

export interface ReleaseStockInput { ownerId: string, reference?: string }

export interface FulfilStockInput {
  ownerId: string
  /** The fulfilment id, written on the ledger rows. */
  reference: string
  lines: Array<{ variantId: string, quantity: number, lineReference?: string }>
  /** Consume only reservations at this location. */
  locationId?: string
}

export interface StockAllocation { variantId: string, locationId: string, quantity: number }

export interface RestockInput { variantId: string, locationId: string, quantity: number, reference: string, reason?: string }

export type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock' | 'backorder'

export interface VariantAvailability {
  status: StockStatus
  /** Units sellable now across active shipping locations; null when the variant is not tracked. */
  available: number | null
}

/** The `inventory` service: what checkout and fulfilment call. Every method joins ctx's transaction. */
export interface InventoryService {
  /**
   * Reserves every line or nothing. Lines of one variant are summed first; untracked or unknown
   * variants need no reservation. Idempotent per owner: held reservations are returned unchanged.
   * Throws InsufficientStockError (INVENTORY_INSUFFICIENT_STOCK).
   */
  reserve: (ctx: Ctx, input: ReserveStockInput) => Promise<{ reservations: Reservation[] }>
  /** Releases the owner's active reservations (or one line's); idempotent. */
  release: (ctx: Ctx, input: ReleaseStockInput) => Promise<{ released: number }>
  /** Ships reserved units: reserved and on hand both decrease. Throws NotReservedError. */
  fulfil: (ctx: Ctx, input: FulfilStockInput) => Promise<{ allocations: StockAllocation[] }>
  /** Puts returned units back on hand (ledger `returned`); untracked variants: no-op. */
  restock: (ctx: Ctx, input: RestockInput) => Promise<void>
  /** Stock status of each variant (unknown or untracked variants: in stock, available null). */
  availabilityOf: (ctx: Ctx, variantIds: readonly string[]) => Promise<Map<string, VariantAvailability>>
  /** The highest-priority active shipping location, or null when there is none. */
  defaultLocationId: (ctx: Ctx) => Promise<string | null>
}
