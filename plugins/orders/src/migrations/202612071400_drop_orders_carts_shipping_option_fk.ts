import type { Db } from '@comptoir/core'

/**
 * A cart's shipping option may come from a provider (ordersShippingProviders) whose options live in
 * another plugin's tables, so the column can no longer reference orders_shipping_options. An id no
 * longer offered resolves to no option when the cart is read (as a deleted option did).
 */
export async function up (knex: Db): Promise<void> {
  await knex.raw('alter table orders_carts drop constraint if exists orders_carts_shipping_option_id_foreign')
}

export async function down (knex: Db): Promise<void> {
  await knex.raw('update orders_carts set shipping_option_id = null where shipping_option_id not in (select id from orders_shipping_options)')
  await knex.raw(`alter table orders_carts add constraint orders_carts_shipping_option_id_foreign
    foreign key (shipping_option_id) references orders_shipping_options (id) on delete set null`)
}
