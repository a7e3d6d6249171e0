/** A refusal the user can fix (bad flag, invalid name, non-empty folder): printed without a stack, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** The user left an interactive run (Ctrl-C, or stdin closed before every answer was given). */
export class CancelledError extends Error {
  override name = 'CancelledError'
}
