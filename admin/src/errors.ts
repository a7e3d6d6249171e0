import { NotFoundError } from '@comptoir/core'

/** A file under /app (an asset of the app or of a plugin) that does not exist or may not be served. */
export class AdminAssetNotFoundError extends NotFoundError {
  readonly code = 'ADMIN_ASSET_NOT_FOUND'
  readonly title = 'Admin asset not found'
  constructor (path: string) {
    super(`No admin asset at '${path}'`)
  }
}
