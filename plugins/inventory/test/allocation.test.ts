import t from 'tap'
import { planReplenishment, priorityAllocation, smoothedDemand } from '@comptoir/plugin-inventory'

const candidates = [
  { levelId: 'paris', locationId: 'p', priority: 10, available: 4 },
  { levelId: 'lyon', locationId: 'l', priority: 5, available: 6 },
  { levelId: 'lille', locationId: 'x', priority: 1, available: -2 },
]
const request = { variantId: 'v', allowSplit: false, allowBackorder: false, candidates }

t.test('priority allocation: the first location that fills the whole line, by priority', async (t) => {
  t.same(priorityAllocation({ ...request, quantity: 3 }), [{ levelId: 'paris', quantity: 3 }])
  t.same(priorityAllocation({ ...request, quantity: 5 }), [{ levelId: 'lyon', quantity: 5 }])
  t.equal(priorityAllocation({ ...request, quantity: 7 }), null, 'no single location has 7 and splitting is off')
})

t.test('priority allocation splits greedily when allowed, and backorders the rest on the first location', async (t) => {
  t.same(priorityAllocation({ ...request, quantity: 7, allowSplit: true }), [{ levelId: 'paris', quantity: 4 }, { levelId: 'lyon', quantity: 3 }])
  t.equal(priorityAllocation({ ...request, quantity: 11, allowSplit: true }), null)
  t.same(priorityAllocation({ ...request, quantity: 11, allowSplit: true, allowBackorder: true }), [{ levelId: 'paris', quantity: 5 }, { levelId: 'lyon', quantity: 6 }])
  t.same(priorityAllocation({ ...request, quantity: 11, allowBackorder: true }), [{ levelId: 'paris', quantity: 11 }])
  t.equal(priorityAllocation({ ...request, quantity: 1, candidates: [] }), null)
})

t.test('exponential smoothing follows the series with weight alpha', async (t) => {
  t.equal(smoothedDemand([], 0.3), 0)
  t.equal(smoothedDemand([10], 0.3), 10)
  t.equal(smoothedDemand([10, 20], 0.5), 15)
  t.equal(Number(smoothedDemand([0, 0, 0, 10], 0.3).toFixed(4)), 3)
  t.equal(smoothedDemand([4, 4, 4, 4], 0.2), 4, 'a flat series forecasts itself')
})

t.test('reorder point, suggested quantity and days of cover', async (t) => {
  t.same(planReplenishment(10, 5, 0, 7, 3, 30), { reorderPoint: 100, suggestedQuantity: 395, daysOfCover: 0.5 })
  t.same(planReplenishment(10, 50, 60, 7, 3, 30), { reorderPoint: 100, suggestedQuantity: 0, daysOfCover: 5 }, 'stock in transit counts')
  t.same(planReplenishment(0, 5, 0, 7, 3, 30), { reorderPoint: 0, suggestedQuantity: 0, daysOfCover: null }, 'no demand, no suggestion')
  t.same(planReplenishment(2.5, -3, 0, 4, 0, 10), { reorderPoint: 10, suggestedQuantity: 38, daysOfCover: 0 }, 'oversold (backorder) stock has no cover')
})
