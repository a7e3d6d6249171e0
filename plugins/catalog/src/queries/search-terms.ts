import type { Db } from '@comptoir/core'
import { EmptySearchError } from '../errors.js'

/** Most words of a query that are searched; the rest are ignored. */
const maxTerms = 8
/** Corrections tried per unknown word (the closest words of the catalog by trigram similarity). */
const maxCorrections = 3

/** Splits a query the way `to_tsvector('simple', …)` splits text: lower-case runs of letters and digits. */
export function searchTerms (q: string): string[] {
  const words = q.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '')
  return [...new Set(words)].slice(0, maxTerms)
}

function quote (word: string): string {
  return `'${word.replace(/'/g, "''")}'`
}

/**
 * Builds the tsquery of a search: every word must match (AND), as a prefix. A word the catalog
 * does not contain is widened to its closest catalog words by pg_trgm similarity (`%`), so
 * "sweter" also finds "sweater". One round trip for all words.
 */
export async function buildTsQuery (db: Db, q: string): Promise<string> {
  const terms = searchTerms(q)
  if (terms.length === 0) throw new EmptySearchError()
  const { rows } = await db.raw(`
    select t.term,
      exists (select 1 from catalog_search_words w where w.word like t.term || '%') as known,
      array(select w.word from catalog_search_words w where length(t.term) > 2 and w.word % t.term
            order by similarity(w.word, t.term) desc, w.word limit ?) as similar
    from unnest(?::text[]) as t(term)`, [maxCorrections, terms]) as { rows: Array<{ term: string, known: boolean, similar: string[] }> }
  const byTerm = new Map(rows.map((r) => [r.term, r]))
  return terms.map((term) => {
    const row = byTerm.get(term)
    const alternatives = row == null || row.known ? [] : row.similar.filter((w) => w !== term)
    const prefix = `${quote(term)}:*`
    return alternatives.length === 0 ? prefix : `(${[prefix, ...alternatives.map(quote)].join(' | ')})`
  }).join(' & ')
}
