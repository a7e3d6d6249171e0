#!/usr/bin/env node
// Runs the compiled CLI when the package is built (published), else its TypeScript sources through tsx.
import { existsSync } from 'node:fs'

const built = new URL('../dist/main.js', import.meta.url)
let entry = built
if (!existsSync(built)) {
  const { register } = await import('tsx/esm/api')
  register()
  entry = new URL('../src/main.ts', import.meta.url)
}
const { main } = await import(entry.href)
try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  // Refusals are handled inside main(); anything here is a bug or the file system failing.
  process.stderr.write(`create-comptoir: unexpected error: ${error?.stack ?? String(error)}\n`)
  process.exitCode = 1
}
