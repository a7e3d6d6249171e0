import { requireCustomer, Type, type RoutePlugin } from '@comptoir/core'
import type { PaymentsStripeConfig } from '../config.js'
import { PaymentMethodParams, SavedPaymentMethod, SavePaymentMethodInput, SetupResult } from '../schemas.js'

const tags = ['payments-stripe']

/** Storefront: the signed-in customer's cards saved at Stripe (their own only; others are 404). */
export const storeRoutes: RoutePlugin<PaymentsStripeConfig> = async (app) => {
  const { paymentsStripeWallet: wallet } = app.services

  app.get('/payments-stripe/payment-methods', {
    config: { customer: true },
    schema: { tags, operationId: 'listMyStripePaymentMethods', summary: 'My cards saved at Stripe', response: { 200: Type.Object({ items: Type.Array(SavedPaymentMethod) }) } },
  }, async (request) => ({ items: await wallet.list(request.ctx, requireCustomer(request).id) }))

  app.post<{ Body: SavePaymentMethodInput }>('/payments-stripe/payment-methods', {
    config: { idempotent: true, customer: true },
    schema: {
      tags, operationId: 'saveMyStripePaymentMethod', summary: 'Save a card through a Stripe SetupIntent',
      description: 'With `paymentMethod` the SetupIntent is confirmed at once; without, confirm its `clientSecret` with Stripe.js.',
      body: SavePaymentMethodInput, response: { 201: SetupResult },
    },
  }, async (request, reply) => {
    const result = await wallet.save(request.ctx, requireCustomer(request).id, request.body)
    reply.code(201)
    return result
  })

  app.delete<{ Params: { paymentMethodId: string } }>('/payments-stripe/payment-methods/:paymentMethodId', {
    config: { customer: true },
    schema: { tags, operationId: 'deleteMyStripePaymentMethod', summary: 'Remove one of my saved cards', params: PaymentMethodParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await wallet.remove(request.ctx, requireCustomer(request).id, request.params.paymentMethodId)
    reply.code(204)
    return null
  })
}
