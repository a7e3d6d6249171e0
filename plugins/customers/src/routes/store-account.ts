import { requireCustomer, Type, type RoutePlugin } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import { Accepted } from '../schemas/common.js'
import {
  CustomerSession, EmailChangeRequest, LoginInput, PasswordChange, PasswordResetConfirm, PasswordResetRequest, RegisterInput, TokenConfirm,
} from '../schemas/customers.js'
import { bearerTokenOf } from './bearer.js'

const tags = ['customers']
const NoContent = Type.Null()

/** Storefront account routes: register, sessions, password reset and change, email change. */
export const storeAccountRoutes: RoutePlugin<CustomersConfig> = async (app) => {
  const { customersAccounts: accounts } = app.services

  app.post<{ Body: RegisterInput }>('/customers', {
    config: { auth: true },
    schema: { tags, operationId: 'registerCustomer', summary: 'Create an account and log in', body: RegisterInput, response: { 201: CustomerSession } },
  }, async (request, reply) => {
    reply.code(201)
    return await accounts.register(request.ctx, request.body)
  })

  app.post<{ Body: LoginInput }>('/customers/sessions', {
    config: { auth: true },
    schema: { tags, operationId: 'logInCustomer', summary: 'Log in with email and password', body: LoginInput, response: { 201: CustomerSession } },
  }, async (request, reply) => {
    reply.code(201)
    return await accounts.login(request.ctx, request.body, { ip: request.ip })
  })

  app.delete('/customers/sessions/current', {
    config: { customer: true },
    schema: { tags, operationId: 'logOutCustomer', summary: 'End the current session', response: { 204: NoContent } },
  }, async (request, reply) => {
    await accounts.logout(request.ctx, bearerTokenOf(request))
    reply.code(204)
    return null
  })

  app.post('/customers/sessions/current/refresh', {
    config: { customer: true },
    schema: { tags, operationId: 'refreshCustomerSession', summary: 'Replace the current token with a new one', response: { 201: CustomerSession } },
  }, async (request, reply) => {
    const customerId = requireCustomer(request).id
    reply.code(201)
    return await accounts.refresh(request.ctx, customerId, bearerTokenOf(request))
  })

  app.post<{ Body: PasswordResetRequest }>('/customers/password-resets', {
    config: { auth: true },
    schema: { tags, operationId: 'requestCustomerPasswordReset', summary: 'Mail a reset link (same answer whether the email exists)', body: PasswordResetRequest, response: { 202: Accepted } },
  }, async (request, reply) => {
    await accounts.requestPasswordReset(request.ctx, request.body.email)
    reply.code(202)
    return { accepted: true as const }
  })

  app.post<{ Body: PasswordResetConfirm }>('/customers/password-resets/confirm', {
    config: { auth: true },
    schema: { tags, operationId: 'resetCustomerPassword', summary: 'Set a new password with a reset token', body: PasswordResetConfirm, response: { 204: NoContent } },
  }, async (request, reply) => {
    await accounts.resetPassword(request.ctx, request.body.token, request.body.password)
    reply.code(204)
    return null
  })

  app.post<{ Body: PasswordChange }>('/customers/me/password', {
    config: { auth: true, customer: true },
    schema: { tags, operationId: 'changeCustomerPassword', summary: 'Change the password; other sessions end', body: PasswordChange, response: { 201: CustomerSession } },
  }, async (request, reply) => {
    const customerId = requireCustomer(request).id
    reply.code(201)
    return await accounts.changePassword(request.ctx, customerId, request.body.currentPassword, request.body.newPassword)
  })

  app.post<{ Body: EmailChangeRequest }>('/customers/me/email-change', {
    config: { auth: true, customer: true },
    schema: { tags, operationId: 'requestCustomerEmailChange', summary: 'Mail a confirmation link to the new address', body: EmailChangeRequest, response: { 202: Accepted } },
  }, async (request, reply) => {
    const customerId = requireCustomer(request).id
    await accounts.requestEmailChange(request.ctx, customerId, request.body.newEmail, request.body.password)
    reply.code(202)
    return { accepted: true as const }
  })

  app.post<{ Body: TokenConfirm }>('/customers/email-change/confirm', {
    schema: { tags, operationId: 'confirmCustomerEmailChange', summary: 'Apply an email change with its token', body: TokenConfirm, response: { 204: NoContent } },
  }, async (request, reply) => {
    await accounts.confirmEmailChange(request.ctx, request.body.token)
    reply.code(204)
    return null
  })
}
