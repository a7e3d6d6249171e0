import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf, type PluginScope } from '@comptoir/core'
import type { CrmConfig } from '../config.js'
import { CrmNotFoundError, TicketTransitionError } from '../errors.js'
import { iso, isoOrNull } from '../rows.js'
import type { Ticket, TicketInput, TicketPatch, TicketQuery, TicketStatus, TicketTransitionInput } from '../schemas/index.js'
import { checkAssignee, checkCustomer } from './lookups.js'

interface TicketRow {
  id: string
  customer_id: string | null
  subject: string
  description: string | null
  status: TicketStatus
  priority: Ticket['priority']
  assignee_id: string | null
  order_id: string | null
  sla_due_at: Date | null
  resolved_at: Date | null
  closed_at: Date | null
  created_at: Date
  updated_at: Date
}

const columns = ['id', 'customer_id', 'subject', 'description', 'status', 'priority', 'assignee_id', 'order_id', 'sla_due_at', 'resolved_at', 'closed_at', 'created_at', 'updated_at']

/** The allowed moves: closed is final; a resolved ticket may be reopened. */
export const ticketTransitions: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
}

function toTicket (row: TicketRow): Ticket {
  return {
    id: row.id, customerId: row.customer_id, subject: row.subject, description: row.description, status: row.status, priority: row.priority,
    assigneeId: row.assignee_id, orderId: row.order_id, slaDueAt: isoOrNull(row.sla_due_at), resolvedAt: isoOrNull(row.resolved_at),
    closedAt: isoOrNull(row.closed_at), createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
  }
}

/** Support tickets: open / pending / resolved / closed, priority, assignee, linked order, SLA due time. */
export function createTicketService ({ auth, customers, events, crmTimeline }: Cradle, { config }: PluginScope<CrmConfig>) {
  async function find (ctx: Ctx, ticketId: string, forUpdate = false): Promise<TicketRow> {
    const query = ctx.db('crm_tickets').select(columns).where({ id: ticketId })
    const row = await (forUpdate ? query.forUpdate() : query).first() as TicketRow | undefined
    if (row == null) throw new CrmNotFoundError('ticket', ticketId)
    return row
  }

  return {
    async get (ctx: Ctx, ticketId: string): Promise<Ticket> {
      return toTicket(await find(ctx, ticketId))
    },

    /** Opens a ticket; its SLA due time defaults to now + `slaHours[priority]`. On the timeline. */
    async open (ctx: Ctx, input: TicketInput): Promise<Ticket> {
      await checkCustomer(customers, ctx, input.customerId)
      if (input.assigneeId != null) await checkAssignee(auth, ctx, input.assigneeId)
      const priority = input.priority ?? 'normal'
      const slaDueAt = input.slaDueAt ?? new Date(Date.now() + config.slaHours[priority] * 3_600_000).toISOString()
      return await inTransaction(ctx, async (tx) => {
        const [row] = await tx.db('crm_tickets').insert({
          customer_id: input.customerId, subject: input.subject, description: input.description ?? null, priority,
          assignee_id: input.assigneeId ?? null, order_id: input.orderId ?? null, sla_due_at: slaDueAt,
          created_at: new Date().toISOString(), // milliseconds, like the list's cursor
        }).returning(columns) as TicketRow[]
        const ticket = toTicket(row!)
        await crmTimeline.record(tx, {
          customerId: input.customerId, type: 'ticket.opened', ticketId: ticket.id, orderId: ticket.orderId, subject: ticket.subject,
          data: { priority }, author: ctx.actor == null ? null : { type: ctx.actor.type, id: ctx.actor.id },
        })
        await events.emit(tx, 'crm.ticket.opened', { ticketId: ticket.id, customerId: ticket.customerId, orderId: ticket.orderId, priority })
        return ticket
      })
    },

    /** Changes subject, priority, assignee or SLA due time (not the status: see `transition`). */
    async update (ctx: Ctx, ticketId: string, patch: TicketPatch): Promise<Ticket> {
      if (patch.assigneeId != null) await checkAssignee(auth, ctx, patch.assigneeId)
      const changes: Record<string, unknown> = {}
      if (patch.subject !== undefined) changes.subject = patch.subject
      if (patch.priority !== undefined) changes.priority = patch.priority
      if (patch.assigneeId !== undefined) changes.assignee_id = patch.assigneeId
      if (patch.slaDueAt !== undefined) changes.sla_due_at = patch.slaDueAt
      const [row] = await ctx.db('crm_tickets').where({ id: ticketId }).update({ ...changes, updated_at: ctx.db.fn.now() }).returning(columns) as TicketRow[]
      if (row == null) throw new CrmNotFoundError('ticket', ticketId)
      return toTicket(row)
    },

    /**
     * Moves a ticket to another status along `ticketTransitions`; 409 CRM_TICKET_TRANSITION otherwise.
     * The row lock makes two concurrent moves act one after the other, each checked against the
     * status the first left.
     */
    async transition (ctx: Ctx, ticketId: string, input: TicketTransitionInput): Promise<Ticket> {
      return await inTransaction(ctx, async (tx) => {
        const current = await find(tx, ticketId, true)
        if (!ticketTransitions[current.status].includes(input.status)) throw new TicketTransitionError(ticketId, current.status, input.status)
        const stamps: Record<string, unknown> = input.status === 'resolved'
          ? { resolved_at: tx.db.fn.now() }
          : input.status === 'closed' ? { closed_at: tx.db.fn.now() } : input.status === 'open' ? { resolved_at: null } : {}
        const [row] = await tx.db('crm_tickets').where({ id: ticketId, status: current.status })
          .update({ status: input.status, ...stamps, updated_at: tx.db.fn.now() }).returning(columns) as TicketRow[]
        const ticket = toTicket(row!)
        if (ticket.customerId != null) {
          await crmTimeline.record(tx, {
            customerId: ticket.customerId, type: 'ticket.status-changed', ticketId, orderId: ticket.orderId, subject: ticket.subject,
            body: input.note ?? null, data: { from: current.status, to: input.status },
            author: ctx.actor == null ? null : { type: ctx.actor.type, id: ctx.actor.id },
          })
        }
        await events.emit(tx, 'crm.ticket.status-changed', { ticketId, customerId: ticket.customerId, from: current.status, to: input.status })
        return ticket
      })
    },

    /** Tickets, newest first, filtered by status, customer, order or assignee. */
    async list (ctx: Ctx, query: TicketQuery): Promise<PageOf<Ticket>> {
      const base = ctx.db('crm_tickets').select(columns)
      if (query.status != null) base.where({ status: query.status })
      if (query.customerId != null) base.where({ customer_id: query.customerId })
      if (query.orderId != null) base.where({ order_id: query.orderId })
      if (query.assigneeId != null) base.where({ assignee_id: query.assigneeId })
      const page = await keysetPage<TicketRow>(base, query, {
        list: 'crm.tickets', columns: ['created_at', 'id'], direction: 'desc', keyOf: (row) => [iso(row.created_at), row.id],
      })
      return { items: page.items.map(toTicket), nextCursor: page.nextCursor }
    },
  }
}

export type TicketService = ReturnType<typeof createTicketService>
