import Type, { type Static } from 'typebox'

/** A job that used all its attempts (or failed unrecoverably), as the admin API lists it. */
export const FailedJob = Type.Object({
  id: Type.String(),
  queue: Type.String({ description: 'The plugin whose queue holds the job' }),
  name: Type.String(),
  payload: Type.Unknown(),
  attemptsMade: Type.Integer({ minimum: 0 }),
  failedReason: Type.String(),
  failedAt: Type.String({ format: 'date-time' }),
  requestId: Type.Union([Type.String(), Type.Null()], { description: 'The request that enqueued the job' }),
})
export type FailedJob = Static<typeof FailedJob>

/** Path parameters of a failed job route. */
export const FailedJobParams = Type.Object({
  jobId: Type.String({ minLength: 1, maxLength: 255 }),
}, { additionalProperties: false })
export type FailedJobParams = Static<typeof FailedJobParams>

/** What retrying a failed job answers. */
export const RetriedJob = Type.Object({
  id: Type.String(),
  status: Type.Literal('waiting'),
})
export type RetriedJob = Static<typeof RetriedJob>
