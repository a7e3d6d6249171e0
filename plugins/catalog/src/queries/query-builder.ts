import type { Db } from '@comptoir/core'

/** A Knex query builder, named through core's `Db` so the plugin needs no import of knex. */
export type QueryBuilder = ReturnType<Db['queryBuilder']>
