import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { variants } from './fixtures/jobs-harness.js'
import { jobsSuite } from './fixtures/jobs-suite.js'

// The BullMQ engine on real Redis (a unique key prefix per test); jobs.test.ts runs the same suite in-process.
const dbs = createTestDatabases(t)
for (const variant of variants().filter((v) => v.redis)) jobsSuite(t, dbs, variant)
