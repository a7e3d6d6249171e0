import { Type, type Static } from '@comptoir/core'

/**
 * The plugin's options, listed next to it in comptoir.config.ts. Secrets and the API address
 * fall back to environment variables (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_HOST,
 * STRIPE_API_PORT, STRIPE_API_PROTOCOL); they are never logged nor returned.
 */
export const PaymentsStripeConfig = Type.Object({
  /** Stripe secret API key (`sk_live_…`/`sk_test_…`/restricted `rk_…`); default env STRIPE_SECRET_KEY. */
  secretKey: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  /** Webhook endpoint signing secret (`whsec_…`); default env STRIPE_WEBHOOK_SECRET. */
  webhookSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  /** Seconds a signed webhook stays acceptable (replay window), as the SDK's tolerance. */
  webhookToleranceSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 300 }),
  /** API host (a local fake in tests, a proxy in some deployments); default env STRIPE_API_HOST, else api.stripe.com. */
  apiHost: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  /** API port; default env STRIPE_API_PORT, else 443. */
  apiPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  /** API protocol; default env STRIPE_API_PROTOCOL, else https. */
  apiProtocol: Type.Optional(Type.Union([Type.Literal('https'), Type.Literal('http')])),
  /** Retries the SDK makes on network errors and 5xx (with the same idempotency key). */
  maxNetworkRetries: Type.Integer({ minimum: 0, maximum: 5, default: 2 }),
  /** Per-request timeout of Stripe calls, in milliseconds. */
  timeoutMs: Type.Integer({ minimum: 1000, maximum: 120000, default: 30000 }),
}, { additionalProperties: false, default: {} })
export type PaymentsStripeConfig = Static<typeof PaymentsStripeConfig>

/** The settings the SDK client is built from, after env fallbacks. */
export interface StripeConnection {
  secretKey: string | null
  webhookSecret: string | null
  host: string | null
  port: number | null
  protocol: 'https' | 'http' | null
}

/** Options first, then the environment; empty strings count as unset. */
export function connectionOf (config: PaymentsStripeConfig, env: NodeJS.ProcessEnv): StripeConnection {
  const pick = (value: string | undefined, name: string): string | null => {
    const v = value ?? env[name]
    return v != null && v !== '' ? v : null
  }
  const port = config.apiPort ?? (env.STRIPE_API_PORT != null && /^\d{1,5}$/.test(env.STRIPE_API_PORT) ? Number(env.STRIPE_API_PORT) : null)
  const protocol = config.apiProtocol ?? (env.STRIPE_API_PROTOCOL === 'http' || env.STRIPE_API_PROTOCOL === 'https' ? env.STRIPE_API_PROTOCOL : null)
  return {
    secretKey: pick(config.secretKey, 'STRIPE_SECRET_KEY'),
    webhookSecret: pick(config.webhookSecret, 'STRIPE_WEBHOOK_SECRET'),
    host: pick(config.apiHost, 'STRIPE_API_HOST'),
    port,
    protocol,
  }
}
