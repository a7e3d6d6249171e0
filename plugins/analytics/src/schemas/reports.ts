import { Type, type Static } from '@comptoir/core'

const Day = Type.String({ format: 'date', pattern: '^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$', maxLength: 10, description: 'YYYY-MM-DD, a day in the store\'s analytics time zone' })
const Id = Type.String({ format: 'uuid' })
const Currency = Type.String({ description: 'ISO 4217' })
const Amount = Type.Integer({ description: 'Minor units' })
const Rate = Type.Number({ description: 'A ratio between 0 and 1 (0 when the denominator is 0)' })

export const ReportQuery = Type.Object({
  from: Day,
  to: Day,
}, { additionalProperties: false })
export type ReportQuery = Static<typeof ReportQuery>

export const TopQuery = Type.Object({
  ...ReportQuery.properties,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
}, { additionalProperties: false })
export type TopQuery = Static<typeof TopQuery>

export const CampaignQuery = Type.Object({
  ...TopQuery.properties,
  model: Type.Optional(Type.Union([Type.Literal('first'), Type.Literal('last')], { default: 'last', description: 'Credit each order to its first or its last campaign touch' })),
}, { additionalProperties: false })
export type CampaignQuery = Static<typeof CampaignQuery>

const Period = Type.Object({ from: Day, to: Day })

export const SalesTotals = Type.Object({
  orders: Type.Integer(),
  grossAmount: Amount,
  refundedAmount: Amount,
  netAmount: Amount,
  averageOrderAmount: Type.Integer({ description: 'Gross per order, rounded to the minor unit' }),
})
export type SalesTotals = Static<typeof SalesTotals>

export const SalesReport = Type.Object({
  timeZone: Type.String(),
  period: Period,
  previous: Period,
  currencies: Type.Array(Type.Object({ currency: Currency, current: SalesTotals, previous: SalesTotals })),
  series: Type.Array(Type.Object({ day: Day, currency: Currency, orders: Type.Integer(), grossAmount: Amount, refundedAmount: Amount, netAmount: Amount })),
  channels: Type.Array(Type.Object({ channel: Type.String(), currency: Currency, orders: Type.Integer(), grossAmount: Amount })),
})
export type SalesReport = Static<typeof SalesReport>

export const ProductsReport = Type.Object({
  period: Period,
  products: Type.Array(Type.Object({
    productId: Id, views: Type.Integer(), viewingSessions: Type.Integer(), addToCarts: Type.Integer(), orders: Type.Integer(), units: Type.Integer(),
    conversionRate: Rate,
  })),
  categories: Type.Array(Type.Object({ categoryId: Type.Union([Id, Type.Null()]), currency: Currency, orders: Type.Integer(), units: Type.Integer(), revenueAmount: Amount })),
})
export type ProductsReport = Static<typeof ProductsReport>

export const FunnelSteps = Type.Object({
  sessions: Type.Integer(), productViews: Type.Integer(), addToCarts: Type.Integer(), checkouts: Type.Integer(), purchases: Type.Integer(),
  conversionRate: Rate,
})
export type FunnelSteps = Static<typeof FunnelSteps>
export const FunnelReport = Type.Object({ period: Period, previous: Period, current: FunnelSteps, previousSteps: FunnelSteps })
export type FunnelReport = Static<typeof FunnelReport>

export const SearchReport = Type.Object({
  period: Period,
  top: Type.Array(Type.Object({ query: Type.String(), searches: Type.Integer(), sessions: Type.Integer(), zeroResultSearches: Type.Integer(), clicks: Type.Integer(), clickThroughRate: Rate })),
  zeroResult: Type.Array(Type.Object({ query: Type.String(), searches: Type.Integer() })),
})
export type SearchReport = Static<typeof SearchReport>

export const CampaignReport = Type.Object({
  period: Period,
  model: Type.Union([Type.Literal('first'), Type.Literal('last')]),
  items: Type.Array(Type.Object({
    source: Type.String(), medium: Type.String(), campaign: Type.String(), sessions: Type.Integer(), orders: Type.Integer(),
    revenue: Type.Array(Type.Object({ currency: Currency, amount: Amount })),
    conversionRate: Type.Number({ description: 'Orders per landing session' }),
  })),
})
export type CampaignReport = Static<typeof CampaignReport>

const Ms = Type.Number({ description: 'Milliseconds; percentiles are the upper bound of their histogram bucket (the maximum past the last one)' })
const TrafficFigures = {
  requests: Type.Integer(),
  clientErrors: Type.Integer({ description: '4xx answers' }),
  serverErrors: Type.Integer({ description: '5xx answers' }),
  averageMs: Ms, p50Ms: Ms, p95Ms: Ms, p99Ms: Ms, maxMs: Ms,
}
export const TrafficReport = Type.Object({
  period: Period,
  totals: Type.Object(TrafficFigures),
  series: Type.Array(Type.Object({ day: Day, requests: Type.Integer(), clientErrors: Type.Integer(), serverErrors: Type.Integer() })),
  routes: Type.Array(Type.Object({ method: Type.String(), route: Type.String({ description: 'The route pattern, or (unmatched)' }), ...TrafficFigures }), { description: 'Busiest first' }),
})
export type TrafficReport = Static<typeof TrafficReport>
