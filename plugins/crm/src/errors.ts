import { ConflictError, NotFoundError, UnprocessableError } from '@comptoir/core'

/** What crm looks up by id and may not find. */
export type CrmEntity = 'ticket' | 'segment' | 'task' | 'attribute'

const notFoundCodes: Record<CrmEntity, string> = {
  ticket: 'CRM_TICKET_NOT_FOUND',
  segment: 'CRM_SEGMENT_NOT_FOUND',
  task: 'CRM_TASK_NOT_FOUND',
  attribute: 'CRM_ATTRIBUTE_NOT_FOUND',
}

export class CrmNotFoundError extends NotFoundError {
  readonly code: string
  readonly title: string
  constructor (entity: CrmEntity, key: string) {
    super(`No ${entity} has key '${key}'`, { entity, key })
    this.code = notFoundCodes[entity]
    this.title = `${entity[0]?.toUpperCase() ?? ''}${entity.slice(1)} not found`
  }
}

/** A ticket may only move along the allowed transitions (closed is final). */
export class TicketTransitionError extends ConflictError {
  readonly code = 'CRM_TICKET_TRANSITION'
  readonly title = 'Ticket transition not allowed'
  constructor (ticketId: string, from: string, to: string) {
    super(`A ${from} ticket cannot become ${to}`, { ticketId, from, to })
  }
}

export class AttributeKeyTakenError extends ConflictError {
  readonly code = 'CRM_ATTRIBUTE_KEY_TAKEN'
  readonly title = 'Attribute key already defined'
  constructor (key: string, cause: unknown) {
    super(`An attribute '${key}' is already defined`, { key }, { cause })
  }
}

/** A value that does not fit its attribute's type (or enum options). */
export class InvalidAttributeValueError extends UnprocessableError {
  readonly code = 'CRM_INVALID_ATTRIBUTE_VALUE'
  readonly title = 'Invalid attribute value'
  constructor (key: string, type: string, detail: string) {
    super(`Attribute '${key}' (${type}): ${detail}`, { key, type })
  }
}

export class SegmentNameTakenError extends ConflictError {
  readonly code = 'CRM_SEGMENT_NAME_TAKEN'
  readonly title = 'Segment name already taken'
  constructor (name: string, cause: unknown) {
    super(`A segment named '${name}' already exists`, { name }, { cause })
  }
}

/** A segment rule that names an unknown attribute or compares it with the wrong kind of value. */
export class InvalidSegmentRuleError extends UnprocessableError {
  readonly code = 'CRM_INVALID_SEGMENT_RULE'
  readonly title = 'Invalid segment rule'
  constructor (index: number, detail: string) {
    super(`Rule ${index}: ${detail}`, { pointer: `/body/rules/${index}` })
  }
}

/** A task's assignee or a ticket's assignee must be an admin user. */
export class UnknownAssigneeError extends UnprocessableError {
  readonly code = 'CRM_UNKNOWN_ASSIGNEE'
  readonly title = 'Unknown assignee'
  constructor (assigneeId: string) {
    super(`No admin user has id ${assigneeId}`, { assigneeId })
  }
}

export class TaskAlreadyDoneError extends ConflictError {
  readonly code = 'CRM_TASK_ALREADY_DONE'
  readonly title = 'Task already done'
  constructor (taskId: string) {
    super(`Task ${taskId} is already done`, { taskId })
  }
}
