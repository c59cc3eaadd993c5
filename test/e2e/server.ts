// The e2e suite's server: the real app in-process, on an ephemeral port, over a fresh embedded
// database in a temporary directory, seeded with the demo data (`tally seed --demo`).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../src/app.ts'
import { seed } from '../../src/cli/seed-demo.ts'
import { loadConfig } from '../../src/config.ts'
import { openMigratedDatabase } from '../../src/startup.ts'

export async function startDemoServer() {
  const dataDir = await mkdtemp(join(tmpdir(), 'tally-e2e-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    JWT_SECRET: 'e2e-secret-that-is-at-least-32-bytes-long',
    LOG_LEVEL: 'silent',
    // Every scenario signs in; the per-IP login limit would otherwise stop the suite.
    AUTH_RATE_LIMIT: '1000',
  })
  const database = await openMigratedDatabase(config, { info: () => {}, warn: () => {} })
  await seed(database, config)
  const app = await buildApp(config, { database, logger: false })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

// Run directly (`tsx test/e2e/server.ts`) to look at the demo by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startDemoServer()
  console.log(server.url)
  process.on('SIGINT', () => void server.close().then(() => process.exit(0)))
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
}
