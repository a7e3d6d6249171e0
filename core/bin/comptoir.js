#!/usr/bin/env node
// The CLI. Built (dist/ present): compiled JavaScript throughout, no loader; a TypeScript
// comptoir.config.ts is compiled on load (see src/cli/compile-config.ts). In a checkout that was
// not built, or under the `comptoir-source` condition (packages resolve to their TypeScript
// sources: a store linked to this checkout, the tests): the sources, through tsx.
import { existsSync } from 'node:fs'

const built = new URL('../dist/cli/main.js', import.meta.url)
// NODE_OPTIONS may quote its entries (tap's process tracking writes "--conditions=…").
const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).map((arg) => arg.replace(/^(["'])(.*)\1$/, '$2'))]
const fromSources = args.some((arg, i) => arg === '--conditions=comptoir-source' || arg === '-C=comptoir-source' ||
  ((arg === '--conditions' || arg === '-C') && args[i + 1] === 'comptoir-source'))
let entry = built
if (fromSources || !existsSync(built)) {
  const { register } = await import('tsx/esm/api')
  register()
  entry = new URL('../src/cli/main.ts', import.meta.url)
}
const { main } = await import(entry.href)
process.exitCode = await main(process.argv.slice(2))
