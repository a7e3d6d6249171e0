// The store the reliability suite runs: the demo store's plugins and seed, plus the probe plugin,
// with the per-IP rate limit lifted (every request of the suite comes from 127.0.0.1).
import demo from '../../../comptoir.config.js'
import { defineConfig } from '@comptoir/core'
import probe from './probe.js'

export default defineConfig({
  ...demo,
  log: { pretty: false },
  http: { rateLimit: { max: 10_000_000, authMax: 10_000_000 } },
  plugins: [...(demo.plugins ?? []), probe],
})
