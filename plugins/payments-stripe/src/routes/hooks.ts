import { Type, type RoutePlugin } from '@comptoir/core'
import type { PaymentsStripeConfig } from '../config.js'
import { WebhookReceipt } from '../schemas.js'

const SignatureHeaders = Type.Object({ 'stripe-signature': Type.Optional(Type.String({ maxLength: 4000 })) })

/**
 * POST /hooks/stripe. The signature covers the exact bytes Stripe sent, so this encapsulated
 * scope parses JSON as a raw Buffer (no other route sees this parser); the body is only read
 * after the signature verifies.
 */
export const hooksRoutes: RoutePlugin<PaymentsStripeConfig> = async (app) => {
  const { paymentsStripeWebhooks: webhooks } = app.services
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })

  app.post<{ Headers: { 'stripe-signature'?: string } }>('/stripe', {
    schema: {
      tags: ['payments-stripe'],
      operationId: 'receiveStripeWebhook',
      summary: 'Stripe webhook endpoint (signed with the endpoint secret)',
      description: 'Verifies Stripe-Signature over the raw body, stores the event once per id and answers at once; the event is applied by a job.',
      headers: SignatureHeaders,
      response: { 200: WebhookReceipt },
    },
  }, async (request) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    return await webhooks.receive(request.ctx, raw, request.headers['stripe-signature'])
  })
}
