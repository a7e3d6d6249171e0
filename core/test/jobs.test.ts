import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { variants } from './fixtures/jobs-harness.js'
import { jobsSuite } from './fixtures/jobs-suite.js'

// The in-process engine (no Redis) on each database engine; jobs-bullmq.test.ts runs the same suite on Redis.
const dbs = createTestDatabases(t)
for (const variant of variants().filter((v) => !v.redis)) jobsSuite(t, dbs, variant)
