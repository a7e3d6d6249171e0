// The demo store as bench/storefront runs it: every plugin, request logging on, the per-IP rate
// limit lifted (the bench's load comes from one address).
import { defineConfig } from '@comptoir/core'
import demo from '../comptoir.config.js'

export default defineConfig({
  ...demo,
  http: { ...demo.http, rateLimit: { max: 100_000_000 } },
  // Request logging stays on (info, the default; LOG_LEVEL overrides), as JSON lines.
  log: { pretty: false },
})
