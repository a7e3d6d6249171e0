import type { Cradle, PluginScope } from '@comptoir/core'

/** One message to a staff member (the task digest). */
export interface StaffMessage {
  kind: 'task-digest'
  to: string
  adminUserId: string
  subject: string
  text: string
}

/** Sends one message; resolves once the transport accepted it. */
export type StaffMessageSender = (message: StaffMessage) => Promise<void>

/**
 * How crm reaches staff. The kernel has no mail service, so crm writes to the log unless a
 * plugin registers a transport from its onBoot (`services.crmNotifier.register(send)`), as a mail
 * plugin would; one sender at a time, a second registration stops boot.
 */
export function createNotifierService (_cradle: Cradle, { log }: PluginScope) {
  let sender: StaffMessageSender | null = null
  return {
    register (send: StaffMessageSender): void {
      if (sender != null) throw new Error('crm: a staff message sender is already registered')
      sender = send
    },

    /** Which transport messages go through. */
    get transport (): 'registered' | 'log' { return sender == null ? 'log' : 'registered' },

    async send (message: StaffMessage): Promise<void> {
      if (sender != null) {
        await sender(message)
        return
      }
      log.info({ event: `crm.${message.kind}.logged`, adminUserId: message.adminUserId, subject: message.subject, text: message.text },
        'crm: no staff message transport registered; message logged')
    },
  }
}

export type NotifierService = ReturnType<typeof createNotifierService>
