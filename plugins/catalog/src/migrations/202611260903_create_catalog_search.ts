import type { Db } from '@comptoir/core'

/**
 * Built-in search: a weighted tsvector per product (title A; tags, vendor, type B; description C)
 * kept by a trigger, and a dictionary of its words with a trigram index, so a misspelled query
 * word is corrected to words the catalog really contains (pg_trgm similarity).
 */
export async function up (knex: Db): Promise<void> {
  // In public: shared by every schema of the database (tests give each suite its own schema).
  await knex.raw('create extension if not exists pg_trgm with schema public')
  await knex.raw("alter table catalog_products add column search_vector tsvector not null default ''::tsvector")
  await knex.raw('create index catalog_products_search_idx on catalog_products using gin (search_vector)')

  await knex.schema.createTable('catalog_search_words', (table) => {
    table.text('word').primary()
  })
  await knex.raw('create index catalog_search_words_trgm_idx on catalog_search_words using gin (word gin_trgm_ops)')

  await knex.raw(`create function catalog_products_search_update() returns trigger language plpgsql as $$
    begin
      new.search_vector :=
        setweight(to_tsvector('simple', coalesce(new.title, '')), 'A') ||
        setweight(to_tsvector('simple', array_to_string(new.tags, ' ') || ' ' || coalesce(new.vendor, '') || ' ' || coalesce(new.product_type, '')), 'B') ||
        setweight(to_tsvector('simple', regexp_replace(coalesce(new.description, ''), '<[^>]*>', ' ', 'g')), 'C');
      -- Sorted inserts: two transactions adding the same words cannot deadlock.
      insert into catalog_search_words (word)
        select lexeme from unnest(new.search_vector) where length(lexeme) between 2 and 64 order by lexeme
        on conflict do nothing;
      return new;
    end
  $$`)
  await knex.raw(`create trigger catalog_products_search_trigger
    before insert or update of title, tags, vendor, product_type, description on catalog_products
    for each row execute function catalog_products_search_update()`)
}

export async function down (knex: Db): Promise<void> {
  await knex.raw('drop trigger catalog_products_search_trigger on catalog_products')
  await knex.raw('drop function catalog_products_search_update()')
  await knex.schema.dropTable('catalog_search_words')
  await knex.raw('drop index catalog_products_search_idx')
  await knex.raw('alter table catalog_products drop column search_vector')
}
