import type { TSchema } from 'typebox'
import type { JobDefinition } from '../plugins/define-plugin.js'

/** Declares a job with its payload type inferred from the schema (`handler: async (ctx, payload) => …` is typed). */
export function defineJob<P extends TSchema> (definition: JobDefinition<P>): JobDefinition<P> {
  return definition
}
