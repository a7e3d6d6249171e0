/** A URL-safe handle from a title: `Café Crème 2L` → `cafe-creme-2l`. Empty when nothing is left. */
export function handleFromTitle (title: string): string {
  return title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 255).replace(/-+$/, '')
}
