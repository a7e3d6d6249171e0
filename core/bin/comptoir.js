#!/usr/bin/env node
// The CLI. Built (dist/ present): compiled JavaScript throughout, no loader; a TypeScript
// comptoir.config.ts is compiled on load (see src/cli/compile-config.ts). In a checkout that was
// not built: the sources, through tsx.
import { existsSync } from 'node:fs'

const built = new URL('../dist/cli/main.js', import.meta.url)
let entry = built
if (!existsSync(built)) {
  const { register } = await import('tsx/esm/api')
  register()
  entry = new URL('../src/cli/main.ts', import.meta.url)
}
const { main } = await import(entry.href)
process.exitCode = await main(process.argv.slice(2))
