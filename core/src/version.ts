import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
/** The version of @comptoir/core, checked against plugins' `core` ranges. */
export const coreVersion: string = (require('../package.json') as { version: string }).version
