#!/usr/bin/env node
// Runs the compiled CLI in the published package, and its TypeScript sources through tsx in a
// checkout (tsconfig.json is not published), so a stale dist/ is never what runs there.
import { existsSync } from 'node:fs'

let entry = new URL('../dist/main.js', import.meta.url)
if (existsSync(new URL('../tsconfig.json', import.meta.url)) || !existsSync(entry)) {
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
