import type { Db } from '@comptoir/core'

// When each projected fact was true: an older event delivered late (retries reorder deliveries)
// must not overwrite a newer consent, group set or country.
export async function up (knex: Db): Promise<void> {
  await knex.schema.alterTable('crm_profiles', (table) => {
    table.timestamp('marketing_consent_at', { useTz: true })
    table.timestamp('group_ids_at', { useTz: true })
    table.timestamp('country_at', { useTz: true })
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.alterTable('crm_profiles', (table) => {
    table.dropColumn('marketing_consent_at')
    table.dropColumn('group_ids_at')
    table.dropColumn('country_at')
  })
}
