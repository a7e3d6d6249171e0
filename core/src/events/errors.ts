/** Base of the events facility's programming errors (a 500 if one reaches a client). */
export abstract class EventError extends Error {
  abstract readonly code: string
  constructor (message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** `events.emit` named an event no loaded plugin declares. */
export class UndeclaredEventError extends EventError {
  readonly code = 'CORE_EVENT_UNDECLARED'
  constructor (readonly eventName: string) {
    super(`No loaded plugin declares event '${eventName}': add it to the emitting plugin's \`events\` as '<plugin>.<entity>.<past-verb>'.`)
  }
}

/** The payload does not match the event's declared schema; nothing was written. */
export class InvalidEventPayloadError extends EventError {
  readonly code = 'CORE_EVENT_INVALID_PAYLOAD'
  constructor (readonly eventName: string, readonly issues: Array<{ path: string, message: string }>) {
    super(`Invalid payload for event '${eventName}': ${issues.map((i) => `${i.path === '' ? '/' : i.path} ${i.message}`).join('; ')}`)
  }
}
