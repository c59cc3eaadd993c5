// tap's `before` script: build the migrated template once, before the test files run in parallel.
import { ensurePgliteTemplate, ensureServerTemplate } from './template.ts'

const url = process.env.TEST_DATABASE_URL
if (url) await ensureServerTemplate(url)
else await ensurePgliteTemplate()
