// Copies the fresh build (dist/app/) to prebuilt/, the committed copy that `npm start` serves
// without a build step, and prints the first load's gzip size (entry JS + CSS).
import { cpSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const admin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const dist = path.join(admin, 'dist/app')
const prebuilt = path.join(admin, 'prebuilt')
rmSync(prebuilt, { recursive: true, force: true })
cpSync(dist, prebuilt, { recursive: true })

const html = readFileSync(path.join(dist, 'index.html'), 'utf8')
const entry = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])
const size = entry.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length, 0)
console.log(`admin: ${readdirSync(path.join(dist, 'assets')).length} assets; first load ${entry.join(' + ')} = ${(size / 1024).toFixed(1)} kB gzip; copied to prebuilt/`)
