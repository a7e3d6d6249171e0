import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf } from '@comptoir/core'
import { CrmNotFoundError, TaskAlreadyDoneError, UnknownAssigneeError } from '../errors.js'
import { iso, isoOrNull, toMillis } from '../rows.js'
import type { Task, TaskInput, TaskPatch, TaskQuery } from '../schemas/index.js'
import { checkAssignee, checkCustomer } from './lookups.js'

interface TaskRow {
  id: string
  title: string
  notes: string | null
  customer_id: string | null
  ticket_id: string | null
  assignee_id: string
  due_at: Date
  status: 'open' | 'done'
  completed_at: Date | null
  created_at: Date
  updated_at: Date
}

const columns = ['id', 'title', 'notes', 'customer_id', 'ticket_id', 'assignee_id', 'due_at', 'status', 'completed_at', 'created_at', 'updated_at']

function toTask (row: TaskRow): Task {
  return {
    id: row.id, title: row.title, notes: row.notes, customerId: row.customer_id, ticketId: row.ticket_id, assigneeId: row.assignee_id,
    dueAt: iso(row.due_at), status: row.status, completedAt: isoOrNull(row.completed_at), createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
  }
}

/** Follow-ups for staff: a title, a due time, an assignee (an admin user), maybe a customer or ticket. */
export function createTaskService ({ auth, customers }: Cradle) {
  async function find (ctx: Ctx, taskId: string): Promise<TaskRow> {
    const row = await ctx.db('crm_tasks').select(columns).where({ id: taskId }).first() as TaskRow | undefined
    if (row == null) throw new CrmNotFoundError('task', taskId)
    return row
  }

  return {
    async get (ctx: Ctx, taskId: string): Promise<Task> {
      return toTask(await find(ctx, taskId))
    },

    /** Creates a task, assigned to the acting admin unless `assigneeId` names another admin user. */
    async create (ctx: Ctx, input: TaskInput): Promise<Task> {
      const assigneeId = input.assigneeId ?? (ctx.actor?.type === 'admin' ? ctx.actor.id : null)
      if (assigneeId == null) throw new UnknownAssigneeError('(none: an API key must name assigneeId)')
      await checkAssignee(auth, ctx, assigneeId)
      if (input.customerId != null) await checkCustomer(customers, ctx, input.customerId)
      if (input.ticketId != null) {
        const ticket = await ctx.db('crm_tickets').where({ id: input.ticketId }).first('id') as unknown
        if (ticket == null) throw new CrmNotFoundError('ticket', input.ticketId)
      }
      const [row] = await ctx.db('crm_tasks').insert({
        title: input.title, notes: input.notes ?? null, customer_id: input.customerId ?? null, ticket_id: input.ticketId ?? null,
        assignee_id: assigneeId, due_at: toMillis(input.dueAt),
      }).returning(columns) as TaskRow[]
      return toTask(row!)
    },

    /** Changes a task; status `done` completes it once (409 CRM_TASK_ALREADY_DONE the second time). */
    async update (ctx: Ctx, taskId: string, patch: TaskPatch): Promise<Task> {
      if (patch.assigneeId != null) await checkAssignee(auth, ctx, patch.assigneeId)
      return await inTransaction(ctx, async (tx) => {
        const changes: Record<string, unknown> = { updated_at: tx.db.fn.now() }
        if (patch.title !== undefined) changes.title = patch.title
        if (patch.notes !== undefined) changes.notes = patch.notes
        if (patch.assigneeId !== undefined) changes.assignee_id = patch.assigneeId
        if (patch.dueAt !== undefined) changes.due_at = toMillis(patch.dueAt)
        if (patch.status === 'open') Object.assign(changes, { status: 'open', completed_at: null })
        const query = tx.db('crm_tasks').where({ id: taskId })
        // Completing is a conditional update: of two concurrent completions one wins, the other is a 409.
        if (patch.status === 'done') {
          Object.assign(changes, { status: 'done', completed_at: tx.db.fn.now() })
          query.andWhere({ status: 'open' })
        }
        const [row] = await query.update(changes).returning(columns) as TaskRow[]
        if (row == null) {
          await find(tx, taskId)
          throw new TaskAlreadyDoneError(taskId)
        }
        return toTask(row)
      })
    },

    /** Tasks by due time (soonest first), filtered by status, assignee or customer. */
    async list (ctx: Ctx, query: TaskQuery): Promise<PageOf<Task>> {
      const base = ctx.db('crm_tasks').select(columns)
      if (query.status != null) base.where({ status: query.status })
      if (query.assigneeId != null) base.where({ assignee_id: query.assigneeId })
      if (query.customerId != null) base.where({ customer_id: query.customerId })
      const page = await keysetPage<TaskRow>(base, query, { list: 'crm.tasks', columns: ['due_at', 'id'], keyOf: (row) => [iso(row.due_at), row.id] })
      return { items: page.items.map(toTask), nextCursor: page.nextCursor }
    },
  }
}

export type TaskService = ReturnType<typeof createTaskService>
