import Type, { type Static } from 'typebox'

/** ISO 4217 currency code, upper case (`EUR`). */
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3, description: 'ISO 4217 currency code' })

/** An amount of money: integer minor units (cents) plus its currency. Never a float. */
export const Money = Type.Object({
  amount: Type.Integer({ minimum: -9007199254740991, maximum: 9007199254740991, description: 'Integer minor units (cents for EUR, yen for JPY)' }),
  currency: CurrencyCode,
}, { additionalProperties: false })
export type Money = Static<typeof Money>

/** Currencies with no minor unit: their amounts are whole units. */
export const zeroDecimalCurrencies: ReadonlySet<string> = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'])
