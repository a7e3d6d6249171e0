import { ConflictError, NotFoundError, UnprocessableError, type ValidationIssue } from '../errors.js'

/** 404: no installed plugin declares this setting. */
export class SettingNotFoundError extends NotFoundError {
  readonly code = 'CORE_SETTING_NOT_FOUND'
  readonly title = 'No such setting'
  constructor (key: string) {
    super(`No installed plugin declares setting '${key}'`, { key })
  }
}

/** 422: the value does not match the setting's schema; nothing was changed. */
export class InvalidSettingValueError extends UnprocessableError {
  readonly code = 'CORE_SETTING_INVALID'
  readonly title = 'The value does not match the setting\'s schema'
  constructor (key: string, errors: ValidationIssue[]) {
    super(`The value for '${key}' is invalid`, { key, errors })
  }
}

/** 409: `expectedVersion` is not the current version: someone else changed the setting first. */
export class SettingVersionConflictError extends ConflictError {
  readonly code = 'CORE_SETTING_VERSION_CONFLICT'
  readonly title = 'The setting was changed by someone else'
  constructor (key: string, expectedVersion: number, currentVersion: number) {
    super(`Setting '${key}' is at version ${currentVersion}, not ${expectedVersion}: reload it and apply your change again`, { key, expectedVersion, currentVersion })
  }
}
