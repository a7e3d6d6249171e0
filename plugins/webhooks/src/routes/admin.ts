import type { RoutePlugin } from '@comptoir/core'
import type { WebhooksConfig } from '../config.js'
import {
  DeliveryParams, DeliveryQuery, EndpointParams, EndpointQuery, NoContent, RedeliverFailedInput, RedeliverFailedResult, RotateSecretInput,
  WebhookDelivery, WebhookDeliveryDetail, WebhookDeliveryPage, WebhookEndpoint, WebhookEndpointInput, WebhookEndpointPage, WebhookEndpointPatch,
  WebhookEndpointWithSecret, WebhookEventTypes,
} from '../schemas.js'

const tags = ['webhooks']
const read = { permission: 'webhooks:read' }
const write = { permission: 'webhooks:write' }

/** Endpoints, their delivery log, replays and pings (mounted under /admin). */
export const adminRoutes: RoutePlugin<WebhooksConfig> = async (app) => {
  const { webhooks, webhooksDeliveries } = app.services

  app.get('/webhook-event-types', {
    config: read,
    schema: { tags, operationId: 'listWebhookEventTypes', summary: 'Events an endpoint can subscribe to (every declared event)', response: { 200: WebhookEventTypes } },
  }, async () => ({ items: webhooks.eventTypes() }))

  app.get<{ Querystring: EndpointQuery }>('/webhook-endpoints', {
    config: read,
    schema: { tags, operationId: 'listWebhookEndpoints', summary: 'Webhook endpoints', querystring: EndpointQuery, response: { 200: WebhookEndpointPage } },
  }, async (request) => await webhooks.list(request.ctx, request.query))

  app.post<{ Body: WebhookEndpointInput }>('/webhook-endpoints', {
    // Not `idempotent`: the idempotency record would keep a copy of the secret.
    config: write,
    schema: { tags, operationId: 'createWebhookEndpoint', summary: 'Create an endpoint; the answer holds its signing secret, shown this once', body: WebhookEndpointInput, response: { 201: WebhookEndpointWithSecret } },
  }, async (request, reply) => await reply.code(201).send(await webhooks.create(request.ctx, request.body)))

  app.get<{ Params: EndpointParams }>('/webhook-endpoints/:endpointId', {
    config: read,
    schema: { tags, operationId: 'getWebhookEndpoint', summary: 'Read an endpoint (never its secret)', params: EndpointParams, response: { 200: WebhookEndpoint } },
  }, async (request) => await webhooks.get(request.ctx, request.params.endpointId))

  app.patch<{ Params: EndpointParams, Body: WebhookEndpointPatch }>('/webhook-endpoints/:endpointId', {
    config: write,
    schema: { tags, operationId: 'updateWebhookEndpoint', summary: 'Change an endpoint: URL, events, description, enabled', params: EndpointParams, body: WebhookEndpointPatch, response: { 200: WebhookEndpoint } },
  }, async (request) => await webhooks.update(request.ctx, request.params.endpointId, request.body))

  app.delete<{ Params: EndpointParams }>('/webhook-endpoints/:endpointId', {
    config: write,
    schema: { tags, operationId: 'deleteWebhookEndpoint', summary: 'Delete an endpoint and its delivery log', params: EndpointParams, response: { 204: NoContent } },
  }, async (request, reply) => { await webhooks.delete(request.ctx, request.params.endpointId); return await reply.code(204).send(null) })

  app.post<{ Params: EndpointParams, Body: RotateSecretInput }>('/webhook-endpoints/:endpointId/rotate-secret', {
    config: write,
    schema: { tags, operationId: 'rotateWebhookSecret', summary: 'Issue a new secret; the old one keeps signing during the overlap', params: EndpointParams, body: RotateSecretInput, response: { 200: WebhookEndpointWithSecret } },
  }, async (request) => await webhooks.rotateSecret(request.ctx, request.params.endpointId, request.body ?? {}))

  app.post<{ Params: EndpointParams }>('/webhook-endpoints/:endpointId/ping', {
    config: write,
    schema: { tags, operationId: 'pingWebhookEndpoint', summary: 'Send a signed test event (webhooks.ping) to the endpoint', params: EndpointParams, response: { 202: WebhookDelivery } },
  }, async (request, reply) => await reply.code(202).send(await webhooksDeliveries.ping(request.ctx, request.params.endpointId)))

  app.get<{ Params: EndpointParams, Querystring: DeliveryQuery }>('/webhook-endpoints/:endpointId/deliveries', {
    config: read,
    schema: { tags, operationId: 'listWebhookDeliveries', summary: "An endpoint's deliveries, newest first", params: EndpointParams, querystring: DeliveryQuery, response: { 200: WebhookDeliveryPage } },
  }, async (request) => await webhooksDeliveries.list(request.ctx, request.params.endpointId, request.query))

  app.post<{ Params: EndpointParams, Body: RedeliverFailedInput }>('/webhook-endpoints/:endpointId/redeliver-failed', {
    config: write,
    schema: { tags, operationId: 'redeliverFailedWebhooks', summary: 'Send again every failed delivery created in [since, until)', params: EndpointParams, body: RedeliverFailedInput, response: { 202: RedeliverFailedResult } },
  }, async (request, reply) => await reply.code(202).send(await webhooksDeliveries.redeliverFailed(request.ctx, request.params.endpointId, request.body)))

  app.get<{ Params: DeliveryParams }>('/webhook-deliveries/:deliveryId', {
    config: read,
    schema: { tags, operationId: 'getWebhookDelivery', summary: 'A delivery and each attempt: status code, duration, truncated response, error', params: DeliveryParams, response: { 200: WebhookDeliveryDetail } },
  }, async (request) => await webhooksDeliveries.get(request.ctx, request.params.deliveryId))

  app.post<{ Params: DeliveryParams }>('/webhook-deliveries/:deliveryId/redeliver', {
    config: write,
    schema: { tags, operationId: 'redeliverWebhook', summary: 'Send a finished delivery again (same event id)', params: DeliveryParams, response: { 202: WebhookDelivery } },
  }, async (request, reply) => await reply.code(202).send(await webhooksDeliveries.redeliver(request.ctx, request.params.deliveryId)))
}
