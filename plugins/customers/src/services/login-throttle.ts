import type { Ctx } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import { sha256 } from '../passwords.js'

/** Counter keys of a login attempt: the email (known or not, hashed) and the client address. */
export interface ThrottleKeys { account: string, ip: string }

export function throttleKeys (email: string, ip: string): ThrottleKeys {
  return { account: `email:${sha256(email.trim().toLowerCase())}`, ip: `ip:${ip.slice(0, 90)}` }
}

interface CounterRow { key: string, failures: number, retry_after: number | string }

/**
 * Reserves one attempt on both counters in a single upsert (a counter whose window ended restarts),
 * then says whether either went over its limit: seconds to wait, or 0. Counting before checking
 * means concurrent guesses cannot all slip past a read. Unknown emails get counters too, so a
 * lockout never reveals whether an account exists. Runs on `ctx.db` outside any transaction the
 * error would roll back.
 */
export async function reserveAttempt (ctx: Ctx, config: CustomersConfig, keys: ThrottleKeys): Promise<number> {
  const window = config.loginWindowSeconds
  const result = await ctx.db.raw(`insert into customers_login_failures as f (key, failures, window_started_at)
    values (?, 1, now()), (?, 1, now())
    on conflict (key) do update set
      failures = case when f.window_started_at > now() - make_interval(secs => ?) then f.failures + 1 else 1 end,
      window_started_at = case when f.window_started_at > now() - make_interval(secs => ?) then f.window_started_at else now() end
    returning key, failures, ceil(extract(epoch from window_started_at + make_interval(secs => ?) - now())) as retry_after`,
  [keys.account, keys.ip, window, window, window]) as { rows: CounterRow[] }
  let wait = 0
  for (const row of result.rows) {
    const limit = row.key === keys.account ? config.maxFailedLoginsPerAccount : config.maxFailedLoginsPerIp
    if (row.failures > limit) wait = Math.max(wait, Math.max(1, Number(row.retry_after)))
  }
  return wait
}

/** A successful login: the account's counter is cleared, the address gives back its reserved attempt. */
export async function releaseAttempt (ctx: Ctx, keys: ThrottleKeys): Promise<void> {
  await ctx.db('customers_login_failures').where({ key: keys.account }).delete()
  await ctx.db('customers_login_failures').where({ key: keys.ip }).update({ failures: ctx.db.raw('greatest(failures - 1, 0)') })
}
