import { readFileSync, writeFileSync } from 'node:fs'

/**
 * Adds a local plugin to a store's config: an import after the last import line and the plugin
 * at the end of the `plugins: [...]` array. Returns false, changing nothing, when the file does
 * not have that shape (the caller then prints the two lines to add by hand).
 */
export function addPluginToConfig (configFile: string, binding: string, specifier: string): boolean {
  const text = readFileSync(configFile, 'utf8')
  if (text.includes(`'${specifier}'`)) return true
  const open = /\bplugins\s*:\s*\[/.exec(text)
  if (open == null) return false
  const close = matchingBracket(text, open.index + open[0].length - 1)
  if (close == null) return false
  const inside = text.slice(open.index + open[0].length, close)
  const indent = /\n([ \t]+)\S/.exec(inside)?.[1] ?? '    '
  const body = inside.trimEnd()
  const entry = body.trim() === ''
    ? `${binding}`
    : `${body.endsWith(',') ? '' : ','}\n${indent}${binding},`
  const closingIndent = /\n([ \t]*)$/.exec(inside)?.[1] ?? ''
  const newInside = body.trim() === '' ? entry : `${body}${entry}\n${closingIndent}`
  let next = text.slice(0, open.index + open[0].length) + newInside + text.slice(close)
  const importLine = `import ${binding} from '${specifier}'\n`
  const imports = [...next.matchAll(/^import .*$/gm)]
  const last = imports[imports.length - 1]
  next = last == null ? importLine + next : next.slice(0, last.index + last[0].length + 1) + importLine + next.slice(last.index + last[0].length + 1)
  writeFileSync(configFile, next)
  return true
}

/** The index of the `]` closing the `[` at `at`, skipping strings and comments; null when unbalanced. */
function matchingBracket (text: string, at: number): number | null {
  let depth = 0
  for (let i = at; i < text.length; i++) {
    const c = text[i]
    if (c === '\'' || c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1)
      if (end === -1) return null
      i = end
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      if (end === -1) return null
      i = end + 1
    } else if (c === '[' || c === '(' || c === '{') depth++
    else if (c === ']' || c === ')' || c === '}') {
      depth--
      if (depth === 0) return c === ']' ? i : null
    }
  }
  return null
}
