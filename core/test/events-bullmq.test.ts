import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { eventsSuite } from './fixtures/events-suite.js'
import { variants } from './fixtures/jobs-harness.js'

// The outbox and relay delivering through BullMQ on real Redis; events.test.ts runs the same suite in-process.
const dbs = createTestDatabases(t)
for (const variant of variants().filter((v) => v.redis)) eventsSuite(t, dbs, variant)
