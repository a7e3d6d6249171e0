import { readFile } from 'node:fs/promises'

const templatesDir = new URL('../templates/', import.meta.url)

/** Reads a template under starter/templates/ (works from src/ and from the compiled dist/). */
export async function readTemplate (name: string): Promise<string> {
  return await readFile(new URL(name, templatesDir), 'utf8')
}

/**
 * A deliberately tiny template language: `{{key}}` is replaced by `values[key]`; lines between
 * `{{#flag}}` and `{{/flag}}` (markers on their own lines, or both inside one line) are kept only
 * when `flags` has it.
 * An unknown key throws, so a typo in a template fails the tests instead of shipping `{{x}}`.
 */
export function render (template: string, values: Readonly<Record<string, string>>, flags: ReadonlySet<string> = new Set()): string {
  const sections = template.replace(/^[ \t]*\{\{#([\w-]+)\}\}[ \t]*\r?\n([\s\S]*?)^[ \t]*\{\{\/\1\}\}[ \t]*(\r?\n|$)/gm,
    (_match, flag: string, body: string) => flags.has(flag) ? body : '')
    // The same inside one line: `{{#flag}}text{{/flag}}`.
    .replace(/\{\{#([\w-]+)\}\}(.*?)\{\{\/\1\}\}/g, (_match, flag: string, body: string) => flags.has(flag) ? body : '')
  return sections.replace(/\{\{([\w-]+)\}\}/g, (_match, key: string) => {
    const value = values[key]
    if (value === undefined) throw new Error(`template value '${key}' is missing`)
    return value
  })
}
