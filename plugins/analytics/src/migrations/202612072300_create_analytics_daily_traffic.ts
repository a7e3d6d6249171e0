import type { Db } from '@comptoir/core'

// Requests per day, route pattern, method and status class, from the kernel's response observers:
// counters and a latency histogram (bucket upper bounds in traffic-buckets.ts), added to by each flush.
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('analytics_daily_traffic', (table) => {
    table.date('day').notNullable()
    table.text('method').notNullable()
    table.text('route').notNullable()
    table.smallint('status_class').notNullable()
    table.bigInteger('requests').notNullable()
    table.double('total_ms').notNullable()
    table.double('max_ms').notNullable()
    table.specificType('histogram', 'bigint[]').notNullable()
    table.primary(['day', 'method', 'route', 'status_class'])
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTableIfExists('analytics_daily_traffic')
}
