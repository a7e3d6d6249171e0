import { ConflictError, NotFoundError, UnprocessableError } from '@comptoir/core'

export class EndpointNotFoundError extends NotFoundError {
  readonly code = 'WEBHOOKS_ENDPOINT_NOT_FOUND'
  readonly title = 'Webhook endpoint not found'
  constructor (endpointId: string) {
    super(`No webhook endpoint has id '${endpointId}'`, { endpointId })
  }
}

export class DeliveryNotFoundError extends NotFoundError {
  readonly code = 'WEBHOOKS_DELIVERY_NOT_FOUND'
  readonly title = 'Webhook delivery not found'
  constructor (deliveryId: string) {
    super(`No webhook delivery has id '${deliveryId}'`, { deliveryId })
  }
}

/** Not an absolute http(s) URL, or one carrying credentials or a fragment. */
export class InvalidUrlError extends UnprocessableError {
  readonly code = 'WEBHOOKS_URL_INVALID'
  readonly title = 'Invalid endpoint URL'
  constructor (reason: string) {
    super(reason, { pointer: '/body/url' })
  }
}

export class UrlNotHttpsError extends UnprocessableError {
  readonly code = 'WEBHOOKS_URL_NOT_HTTPS'
  readonly title = 'Endpoint URL must use https'
  constructor () {
    super('Webhook endpoints must use https (http only for loopback, when the store allows loopback receivers)', { pointer: '/body/url' })
  }
}

/** The URL names or resolves to an address the store may not call (private, loopback, link-local, reserved). */
export class AddressRefusedError extends UnprocessableError {
  readonly code = 'WEBHOOKS_ADDRESS_REFUSED'
  readonly title = 'Endpoint address refused'
  constructor (host: string, kind: string) {
    super(`'${host}' is a ${kind} address, which this store does not call (see allowLoopback / allowPrivateNetworks)`, { host, kind })
  }
}

export class UnknownEventError extends UnprocessableError {
  readonly code = 'WEBHOOKS_UNKNOWN_EVENT'
  readonly title = 'No declared event matches'
  constructor (pattern: string) {
    super(`No installed plugin declares an event matching '${pattern}' (GET /admin/webhook-event-types lists them)`, { pattern, pointer: '/body/events' })
  }
}

export class DeliveryErasedError extends ConflictError {
  readonly code = 'WEBHOOKS_DELIVERY_ERASED'
  readonly title = 'Delivery erased'
  constructor (deliveryId: string) {
    super(`Delivery ${deliveryId} named an erased customer; its payload is gone and it cannot be replayed`, { deliveryId })
  }
}

export class DeliveryInProgressError extends ConflictError {
  readonly code = 'WEBHOOKS_DELIVERY_IN_PROGRESS'
  readonly title = 'Delivery still pending'
  constructor (deliveryId: string) {
    super(`Delivery ${deliveryId} is still being attempted; redeliver it once it has succeeded or failed`, { deliveryId })
  }
}

export class EndpointDisabledError extends ConflictError {
  readonly code = 'WEBHOOKS_ENDPOINT_DISABLED'
  readonly title = 'Endpoint disabled'
  constructor (endpointId: string) {
    super(`Endpoint ${endpointId} is disabled; enable it first`, { endpointId })
  }
}

export class InvalidPeriodError extends UnprocessableError {
  readonly code = 'WEBHOOKS_INVALID_PERIOD'
  readonly title = 'Invalid period'
  constructor () {
    super('`since` must be before `until`')
  }
}
