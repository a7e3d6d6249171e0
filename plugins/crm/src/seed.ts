import { randomBytes } from 'node:crypto'
import type { Ctx, PluginManifest } from '@comptoir/core'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/**
 * Demo CRM data: two customers with tags and attributes, a few interactions, a ticket, two
 * segments and a task. The task goes to the first admin user, or to a demo support user
 * (random password) when the store has none yet.
 */
export async function seedCrm (ctx: Ctx, app: SeedApp): Promise<void> {
  const { auth, customersAccounts, crm, crmAttributes, crmTimeline, crmTickets, crmSegments, crmTasks } = app.services
  if (await ctx.db('crm_segments').first('id') != null) return // seeded already
  const password = randomBytes(18).toString('base64url')
  const ada = (await customersAccounts.register(ctx, { email: 'ada@comptoir.test', password, firstName: 'Ada', lastName: 'Lovelace' })).customerId
  const grace = (await customersAccounts.register(ctx, { email: 'grace@comptoir.test', password, firstName: 'Grace', lastName: 'Hopper' })).customerId

  await crmAttributes.define(ctx, { key: 'preferred_contact', label: 'Preferred contact', type: 'enum', options: ['email', 'phone', 'none'] })
  await crmAttributes.define(ctx, { key: 'birthday', label: 'Birthday', type: 'date' })
  await crmAttributes.setValue(ctx, ada, 'preferred_contact', 'phone')
  await crmAttributes.setValue(ctx, ada, 'birthday', '1815-12-10')
  await crmAttributes.setValue(ctx, grace, 'preferred_contact', 'email')
  await crm.addTag(ctx, ada, 'vip')
  await crm.addTag(ctx, grace, 'wholesale')

  await crmTimeline.addInteraction(ctx, ada, { type: 'call', channel: 'phone', direction: 'inbound', subject: 'Gift wrapping', body: 'Asked whether mugs can be gift-wrapped; told her yes, at checkout.' })
  await crmTimeline.addInteraction(ctx, ada, { type: 'note', body: 'Prefers calls in the morning.' })
  await crmTimeline.addInteraction(ctx, grace, { type: 'email', channel: 'email', direction: 'outbound', subject: 'Wholesale prices', body: 'Sent the wholesale price list for 50+ units.' })

  const ticket = await crmTickets.open(ctx, { customerId: grace, subject: 'Quote for 200 mugs', description: 'Needs a quote with delivery to Lyon by March.', priority: 'high' })
  await crmSegments.create(ctx, { name: 'VIP customers', description: 'Tagged vip', rules: [{ field: 'tag', tag: 'vip' }] })
  await crmSegments.create(ctx, { name: 'Lapsed buyers', description: 'Bought before, nothing in the last 90 days', rules: [{ field: 'orderCount', op: 'gte', value: 1 }, { field: 'lastOrderAt', op: 'before', daysAgo: 90 }] })

  const admins = await auth.listAdminUsers(ctx, { limit: 1 })
  const assigneeId = admins.items[0]?.id ?? (await auth.createAdminUser(ctx, { email: 'support@comptoir.test', password, roles: [] })).id
  await crmTasks.create(ctx, { title: 'Send Grace the quote', customerId: grace, ticketId: ticket.id, assigneeId, dueAt: new Date(Date.now() + 24 * 3_600_000).toISOString() })
}
