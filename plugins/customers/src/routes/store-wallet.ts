import { requireCustomer, Type, type RoutePlugin } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import { Address, AddressInput, AddressList, AddressParams, AddressUpdate } from '../schemas/addresses.js'
import { PaymentMethod, PaymentMethodInput, PaymentMethodList, PaymentMethodParams } from '../schemas/payment-methods.js'

const tags = ['customers']

/** Storefront: the signed-in customer's addresses and saved payment methods (only their own: others are 404). */
export const storeWalletRoutes: RoutePlugin<CustomersConfig> = async (app) => {
  const { customersAddresses: addresses, customersPaymentMethods: paymentMethods } = app.services

  app.get('/customers/me/addresses', {
    config: { customer: true },
    schema: { tags, operationId: 'listMyAddresses', summary: 'My addresses', response: { 200: AddressList } },
  }, async (request) => await addresses.list(request.ctx, requireCustomer(request).id))

  app.post<{ Body: AddressInput }>('/customers/me/addresses', {
    config: { customer: true },
    schema: { tags, operationId: 'createMyAddress', summary: 'Add an address', body: AddressInput, response: { 201: Address } },
  }, async (request, reply) => {
    const address = await addresses.create(request.ctx, requireCustomer(request).id, request.body)
    reply.code(201)
    return address
  })

  app.get<{ Params: AddressParams }>('/customers/me/addresses/:addressId', {
    config: { customer: true },
    schema: { tags, operationId: 'getMyAddress', summary: 'Read one of my addresses', params: AddressParams, response: { 200: Address } },
  }, async (request) => await addresses.get(request.ctx, requireCustomer(request).id, request.params.addressId))

  app.patch<{ Params: AddressParams, Body: AddressUpdate }>('/customers/me/addresses/:addressId', {
    config: { customer: true },
    schema: { tags, operationId: 'updateMyAddress', summary: 'Change one of my addresses', params: AddressParams, body: AddressUpdate, response: { 200: Address } },
  }, async (request) => await addresses.update(request.ctx, requireCustomer(request).id, request.params.addressId, request.body))

  app.delete<{ Params: AddressParams }>('/customers/me/addresses/:addressId', {
    config: { customer: true },
    schema: { tags, operationId: 'deleteMyAddress', summary: 'Delete one of my addresses', params: AddressParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await addresses.remove(request.ctx, requireCustomer(request).id, request.params.addressId)
    reply.code(204)
    return null
  })

  app.get('/customers/me/payment-methods', {
    config: { customer: true },
    schema: { tags, operationId: 'listMyPaymentMethods', summary: 'My saved payment methods (gateway references)', response: { 200: PaymentMethodList } },
  }, async (request) => await paymentMethods.list(request.ctx, requireCustomer(request).id))

  app.post<{ Body: PaymentMethodInput }>('/customers/me/payment-methods', {
    config: { customer: true },
    schema: { tags, operationId: 'saveMyPaymentMethod', summary: 'Save a gateway payment-method reference', body: PaymentMethodInput, response: { 201: PaymentMethod } },
  }, async (request, reply) => {
    const method = await paymentMethods.add(request.ctx, requireCustomer(request).id, request.body)
    reply.code(201)
    return method
  })

  app.delete<{ Params: PaymentMethodParams }>('/customers/me/payment-methods/:paymentMethodId', {
    config: { customer: true },
    schema: { tags, operationId: 'deleteMyPaymentMethod', summary: 'Forget a saved payment method', params: PaymentMethodParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await paymentMethods.remove(request.ctx, requireCustomer(request).id, request.params.paymentMethodId)
    reply.code(204)
    return null
  })
}
