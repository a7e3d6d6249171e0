import Value from 'typebox/value'
import { buildApp } from '../../app.js'
import { AdminUserCreateInput } from '../../auth/schemas.js'
import { systemActor } from '../../context.js'
import { HttpError } from '../../errors.js'
import type { Command } from '../command.js'

const usage = 'comptoir admin create --email <email> [--password <password>] [--role owner[,other]]'

/**
 * `comptoir admin create`: bootstraps an admin user (the first one, or one after a lock-out).
 * The password may come from COMPTOIR_ADMIN_PASSWORD instead of the command line (shell history).
 */
export const adminCommand: Command = {
  name: 'admin',
  summary: 'Create an admin user (admin create --email … --password …)',
  usage,
  async run ({ args, flags, config, out, progress }) {
    if (args[0] !== 'create') {
      out(`Usage: ${usage}`)
      return 2
    }
    const password = typeof flags.password === 'string' ? flags.password : process.env.COMPTOIR_ADMIN_PASSWORD
    const roles = typeof flags.role === 'string' ? flags.role.split(',').map((r) => r.trim()).filter((r) => r !== '') : ['owner']
    const input = { email: typeof flags.email === 'string' ? flags.email : '', password: password ?? '', roles }
    const [issue] = Value.Errors(AdminUserCreateInput, input)
    if (issue != null) {
      const field = issue.instancePath.replace(/^\//, '') || 'input'
      out(`Invalid ${field}: ${issue.message}. ${field === 'password' ? 'Use at least 12 characters.' : ''}Usage: ${usage}`.trim())
      return 2
    }
    progress('opening the store')
    const app = await buildApp({ config, runJobs: false, logger: false })
    let message: string
    try {
      const user = await app.services.auth.createAdminUser(app.comptoir.systemCtx(systemActor), input)
      message = `Created admin user ${user.email} (${user.id}) with role(s) ${user.roles.join(', ') || 'none'}. Log in with POST /admin/auth/sessions.`
    } catch (error) {
      if (!(error instanceof HttpError)) throw error
      out(`Could not create the admin user: ${error.message} (${error.code}).`)
      return 1
    } finally {
      await app.close()
    }
    // Reported once the database is closed, so the user is on disk when this says so.
    out(message)
    return 0
  },
}
