import type { Ctx } from '@comptoir/core'
import Value from 'typebox/value'
import { CheckoutExtensionInputError, CheckoutRefusedError } from '../errors.js'
import type { CheckoutExtensionRegistry, CheckoutFacts, CheckoutFailure, CheckoutOrderRef, PaymentResultFacts } from './extensions.js'

export interface AppliedAdjustment { extension: string, code: string, label: string, amount: number }
export interface PlacedHold { source: string, reason: string }
export interface BeforePaymentOutcome { adjustments: AppliedAdjustment[], hold: PlacedHold | null }

const refusalCode = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/

/** Checks `extensions.<id>` of the checkout body against the registered extensions' schemas (before any SQL). */
export function checkExtensionInputs (registry: CheckoutExtensionRegistry, inputs: Record<string, unknown> | undefined): void {
  if (inputs == null) return
  const errors: Array<{ pointer: string, detail: string }> = []
  for (const [id, input] of Object.entries(inputs)) {
    const schema = registry.get(id)?.inputSchema
    if (schema == null) { errors.push({ pointer: `/body/extensions/${id}`, detail: 'no checkout extension takes this input' }); continue }
    for (const e of [...Value.Errors(schema, input)].slice(0, 10)) errors.push({ pointer: `/body/extensions/${id}${e.instancePath}`, detail: e.message })
  }
  if (errors.length > 0) throw new CheckoutExtensionInputError(errors.slice(0, 20))
}

/**
 * Runs every `beforePayment` in registration order inside checkout's transaction. A refusal
 * throws (rolling back everything, the extensions' own writes included); adjustments add up,
 * capped at what is left of the total; the first hold wins (later ones are recorded in its reason).
 */
export async function runBeforePayment (ctx: Ctx, registry: CheckoutExtensionRegistry, facts: Omit<CheckoutFacts, 'input'>, inputs: Record<string, unknown> | undefined): Promise<BeforePaymentOutcome> {
  const outcome: BeforePaymentOutcome = { adjustments: [], hold: null }
  let left = facts.totals.total
  for (const extension of registry.list()) {
    if (extension.beforePayment == null) continue
    const result = await extension.beforePayment(ctx, { ...facts, input: inputs?.[extension.id] })
    if (result == null) continue
    if (result.refuse != null) {
      const code = refusalCode.test(result.refuse.code) ? result.refuse.code : 'ORDERS_CHECKOUT_REFUSED'
      throw new CheckoutRefusedError({ code, message: result.refuse.message.slice(0, 500), status: result.refuse.status, extension: extension.id, data: result.refuse.data })
    }
    for (const adjustment of result.adjustments ?? []) {
      const amount = Math.min(Math.max(0, Math.trunc(adjustment.amount)), left)
      if (amount === 0) continue
      left -= amount
      outcome.adjustments.push({ extension: extension.id, code: adjustment.code.slice(0, 60), label: adjustment.label.slice(0, 200), amount })
    }
    if (result.hold != null && outcome.hold == null) outcome.hold = { source: extension.id, reason: result.hold.reason.slice(0, 500) }
  }
  return outcome
}

/** Runs every `afterPayment` inside the transaction that recorded the payment result; the first hold asked for is returned. */
export async function runAfterPayment (ctx: Ctx, registry: CheckoutExtensionRegistry, order: CheckoutOrderRef, payment: PaymentResultFacts): Promise<PlacedHold | null> {
  let hold: PlacedHold | null = null
  for (const extension of registry.list()) {
    if (extension.afterPayment == null) continue
    const result = await extension.afterPayment(ctx, order, payment)
    if (result?.hold != null && hold == null) hold = { source: extension.id, reason: result.hold.reason.slice(0, 500) }
  }
  return hold
}

/** Tells every `onFailure` about a failed checkout; their own errors are logged and swallowed. */
export async function runOnFailure (ctx: Ctx, registry: CheckoutExtensionRegistry, failure: CheckoutFailure): Promise<void> {
  for (const extension of registry.list()) {
    if (extension.onFailure == null) continue
    try {
      await extension.onFailure(ctx, failure)
    } catch (error) {
      ctx.log.warn({ err: error, extension: extension.id, cartId: failure.cartId }, 'checkout extension onFailure failed')
    }
  }
}
