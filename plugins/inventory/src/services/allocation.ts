/** A level a line could be reserved from, with its numbers read under a row lock. */
export interface AllocationCandidate {
  levelId: string
  locationId: string
  /** Higher ships first. */
  priority: number
  /** on_hand - reserved (may be negative with backorder). */
  available: number
}

export interface AllocationRequest {
  variantId: string
  quantity: number
  allowSplit: boolean
  allowBackorder: boolean
  /** Active shipping locations holding a level for the variant, highest priority first. */
  candidates: readonly AllocationCandidate[]
}

/** Where to take a line's units from; null when it cannot be filled. */
export type AllocationStrategy = (request: AllocationRequest) => Array<{ levelId: string, quantity: number }> | null

/**
 * Default: the highest-priority location that can fill the whole line; else, when splitting is
 * allowed, greedily across locations by priority; else (backorder) the highest-priority location.
 */
export const priorityAllocation: AllocationStrategy = ({ quantity, allowSplit, allowBackorder, candidates }) => {
  const whole = candidates.find((c) => c.available >= quantity)
  if (whole != null) return [{ levelId: whole.levelId, quantity }]
  if (allowSplit) {
    const plan: Array<{ levelId: string, quantity: number }> = []
    let left = quantity
    for (const c of candidates) {
      const take = Math.min(left, Math.max(0, c.available))
      if (take > 0) { plan.push({ levelId: c.levelId, quantity: take }); left -= take }
      if (left === 0) return plan
    }
    if (allowBackorder && candidates[0] != null) {
      const first = plan.find((p) => p.levelId === candidates[0]?.levelId)
      if (first != null) first.quantity += left
      else plan.unshift({ levelId: candidates[0].levelId, quantity: left })
      return plan
    }
    return null
  }
  if (allowBackorder && candidates[0] != null) return [{ levelId: candidates[0].levelId, quantity }]
  return null
}

/**
 * The allocation extension point (`inventoryAllocation`): a plugin registers a strategy from its
 * manifest's onBoot and selects it with `use`. Held per app instance: two apps share nothing.
 */
export function createAllocationRegistry () {
  const strategies = new Map<string, AllocationStrategy>([['priority', priorityAllocation]])
  let current = 'priority'
  return {
    /** Adds a named strategy; names are unique. */
    register (name: string, strategy: AllocationStrategy): void {
      if (strategies.has(name)) throw new Error(`An inventory allocation strategy named '${name}' is already registered.`)
      strategies.set(name, strategy)
    },
    /** Makes a registered strategy the one reserve() uses. */
    use (name: string): void {
      if (!strategies.has(name)) throw new Error(`No inventory allocation strategy named '${name}'; register it first.`)
      current = name
    },
    /** The strategy in use and its name. */
    current (): { name: string, strategy: AllocationStrategy } {
      return { name: current, strategy: strategies.get(current) as AllocationStrategy }
    },
  }
}

export type AllocationRegistry = ReturnType<typeof createAllocationRegistry>
