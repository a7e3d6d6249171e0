import { NotFoundError, type Cradle, type Ctx } from '@comptoir/core'

interface DueRow { id: string, assignee_id: string, title: string, due_at: Date }

/** Tasks listed per digest; the rest are counted. */
const listed = 50

/**
 * The daily task digest: each admin with open tasks due by the end of `day` (UTC) gets one
 * message through crmNotifier. A digest is claimed per assignee and day before sending, so a
 * retried job does not send twice; a failed send releases the claim for the retry.
 */
export function createDigestService ({ auth, crmNotifier }: Cradle) {
  return {
    async sendDaily (ctx: Ctx, day: string = new Date().toISOString().slice(0, 10)): Promise<{ sent: number }> {
      const rows = await ctx.db('crm_tasks').select('id', 'assignee_id', 'title', 'due_at').where({ status: 'open' })
        .andWhereRaw("due_at < (?::date + interval '1 day')", [day]).orderBy(['assignee_id', 'due_at', 'id']) as DueRow[]
      const byAssignee = new Map<string, DueRow[]>()
      for (const row of rows) byAssignee.set(row.assignee_id, [...(byAssignee.get(row.assignee_id) ?? []), row])
      let sent = 0
      for (const [assigneeId, tasks] of byAssignee) {
        const claimed = await ctx.db('crm_task_digests').insert({ assignee_id: assigneeId, day, task_count: tasks.length })
          .onConflict(['assignee_id', 'day']).ignore().returning('assignee_id') as unknown[]
        if (claimed.length === 0) continue
        let email: string
        try {
          const user = await auth.getAdminUser(ctx, assigneeId)
          if (user.disabled) continue
          email = user.email
        } catch (error) {
          if (error instanceof NotFoundError) continue
          throw error
        }
        const overdue = tasks.filter((task) => new Date(task.due_at).getTime() < Date.parse(`${day}T00:00:00Z`)).length
        const text = [
          `${tasks.length} open task${tasks.length === 1 ? '' : 's'} due by the end of ${day}${overdue > 0 ? ` (${overdue} overdue)` : ''}:`, '',
          ...tasks.slice(0, listed).map((task) => `- ${new Date(task.due_at).toISOString().slice(0, 16).replace('T', ' ')} UTC  ${task.title}`),
          ...(tasks.length > listed ? [`…and ${tasks.length - listed} more`] : []), '',
        ].join('\n')
        try {
          await crmNotifier.send({ kind: 'task-digest', to: email, adminUserId: assigneeId, subject: `Your CRM tasks for ${day}`, text })
        } catch (error) {
          await ctx.db('crm_task_digests').where({ assignee_id: assigneeId, day }).delete()
          throw error
        }
        sent++
      }
      return { sent }
    },
  }
}

export type DigestService = ReturnType<typeof createDigestService>
