import type { Cradle, PluginScope } from '@comptoir/core'
import Stripe from 'stripe'
import { connectionOf, type PaymentsStripeConfig } from '../config.js'
import { StripeNotConfiguredError, StripeRequestRefusedError, StripeUnavailableError, WebhookSignatureInvalidError } from '../errors.js'

/** What we keep of a Stripe error as a `cause`: never its message or raw body (they can echo request data). */
export interface StripeErrorFacts { type: string, code: string | null, statusCode: number | null, requestId: string | null }

export function factsOf (error: InstanceType<typeof Stripe.errors.StripeError>): StripeErrorFacts {
  return { type: error.type, code: error.code ?? null, statusCode: error.statusCode ?? null, requestId: error.requestId ?? null }
}

/**
 * The Stripe SDK client of this app (one per app, built lazily from the options/env) and the
 * translation of its errors into ours. The secret key lives only inside the SDK instance.
 */
export function createStripeClientService (_cradle: Cradle, { config }: PluginScope<PaymentsStripeConfig>) {
  const connection = connectionOf(config, process.env)
  let sdk: Stripe | null = null

  function client (): Stripe {
    if (connection.secretKey == null) throw new StripeNotConfiguredError('secret key')
    sdk ??= new Stripe(connection.secretKey, {
      maxNetworkRetries: config.maxNetworkRetries,
      timeout: config.timeoutMs,
      telemetry: false,
      appInfo: { name: 'comptoir-payments-stripe', version: '0.1.0' },
      ...(connection.host != null ? { host: connection.host } : {}),
      ...(connection.port != null ? { port: connection.port } : {}),
      ...(connection.protocol != null ? { protocol: connection.protocol } : {}),
    })
    return sdk
  }

  /** Maps an SDK error to ours; card errors are returned to the caller untouched (they are outcomes). */
  function translate (error: unknown): unknown {
    if (!(error instanceof Stripe.errors.StripeError)) return error
    if (error instanceof Stripe.errors.StripeCardError) return error
    const facts = factsOf(error)
    if (error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeIdempotencyError) {
      return new StripeRequestRefusedError(facts.code ?? (error instanceof Stripe.errors.StripeIdempotencyError ? 'idempotency_error' : null), facts.requestId, facts)
    }
    return new StripeUnavailableError(facts.requestId, facts)
  }

  return {
    /** True when a secret key is configured. */
    get configured (): boolean { return connection.secretKey != null },

    /** Runs one SDK call; Stripe's failures come back as PAYMENTS_STRIPE_* errors (card errors excepted). */
    async call<T> (fn: (stripe: Stripe) => Promise<T>): Promise<T> {
      const stripe = client()
      try {
        return await fn(stripe)
      } catch (error) {
        throw translate(error)
      }
    },

    /** Verifies a webhook over its raw bytes with the signing secret and tolerance; 400 when it does not. */
    verifyEvent (rawBody: Buffer, signature: string | undefined): Stripe.Event {
      if (connection.webhookSecret == null) throw new StripeNotConfiguredError('webhook secret')
      if (signature == null || signature === '') throw new WebhookSignatureInvalidError()
      try {
        // The webhooks helper needs no API key; a throwaway instance keeps verification usable without one.
        const webhooks = sdk?.webhooks ?? Stripe.webhooks
        return webhooks.constructEvent(rawBody, signature, connection.webhookSecret, config.webhookToleranceSeconds)
      } catch (error) {
        throw new WebhookSignatureInvalidError(error instanceof Stripe.errors.StripeError ? factsOf(error) : null)
      }
    },
  }
}

export type StripeClientService = ReturnType<typeof createStripeClientService>
