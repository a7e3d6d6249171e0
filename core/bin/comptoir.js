#!/usr/bin/env node
// Loads comptoir.config.ts through tsx, then runs the compiled CLI (the sources in a workspace checkout).
import { existsSync } from 'node:fs'
import { register } from 'tsx/esm/api'

register()
const built = new URL('../dist/cli/main.js', import.meta.url)
const entry = existsSync(built) ? built : new URL('../src/cli/main.ts', import.meta.url)
const { main } = await import(entry.href)
process.exitCode = await main(process.argv.slice(2))
