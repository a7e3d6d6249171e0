import type { RoutePlugin } from '@comptoir/core'
import type { CrmConfig } from '../config.js'
import { Ticket, TicketInput, TicketPage, TicketParams, TicketPatch, TicketQuery, TicketTransitionInput } from '../schemas/index.js'
import { privateWrite, read, tags } from './permissions.js'

/** Support tickets (mounted under /admin). */
export const adminTicketRoutes: RoutePlugin<CrmConfig> = async (app) => {
  const { crmTickets } = app.services

  app.get<{ Querystring: TicketQuery }>('/crm/tickets', {
    config: read,
    schema: { tags, operationId: 'listCrmTickets', summary: 'Tickets, newest first, by status, customer, order or assignee', querystring: TicketQuery, response: { 200: TicketPage } },
  }, async (request) => await crmTickets.list(request.ctx, request.query))

  app.post<{ Body: TicketInput }>('/crm/tickets', {
    config: { ...privateWrite, idempotent: true },
    schema: { tags, operationId: 'createCrmTicket', summary: 'Open a ticket for a customer (optionally about an order)', body: TicketInput, response: { 201: Ticket } },
  }, async (request, reply) => await reply.code(201).send(await crmTickets.open(request.ctx, request.body)))

  app.get<{ Params: TicketParams }>('/crm/tickets/:ticketId', {
    config: read,
    schema: { tags, operationId: 'getCrmTicket', summary: 'Read a ticket', params: TicketParams, response: { 200: Ticket } },
  }, async (request) => await crmTickets.get(request.ctx, request.params.ticketId))

  app.patch<{ Params: TicketParams, Body: TicketPatch }>('/crm/tickets/:ticketId', {
    config: privateWrite,
    schema: { tags, operationId: 'updateCrmTicket', summary: 'Change subject, priority, assignee or SLA due time', params: TicketParams, body: TicketPatch, response: { 200: Ticket } },
  }, async (request) => await crmTickets.update(request.ctx, request.params.ticketId, request.body))

  app.post<{ Params: TicketParams, Body: TicketTransitionInput }>('/crm/tickets/:ticketId/transitions', {
    config: { ...privateWrite, idempotent: true },
    schema: { tags, operationId: 'transitionCrmTicket', summary: 'Move a ticket to another status (409 CRM_TICKET_TRANSITION when not allowed)', params: TicketParams, body: TicketTransitionInput, response: { 200: Ticket } },
  }, async (request) => await crmTickets.transition(request.ctx, request.params.ticketId, request.body))
}
