// Thin launcher: config → database → app → listen, and a graceful shutdown on SIGTERM/SIGINT
// (in-flight requests finish, then the pool or PGlite closes).
import './node-version.ts'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig, type AppConfig } from './config.ts'
import { describeStartupFailure, openMigratedDatabase } from './startup.ts'

let config: AppConfig | undefined

async function main() {
  config = loadConfig()
  const database = await openMigratedDatabase(config, {
    info: (msg) => console.log(msg),
    warn: (msg) => console.warn(msg),
  })
  const app = await buildApp(config, { database })
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err: { message: err.message } }, 'shutting down after an error')
    else app.log.info(`${signal} received, shutting down`)
    await app.close()
  })
  await app.listen({ host: config.host, port: config.port })
  app.log.info(`Tally is serving on ${config.database.url ? 'PostgreSQL' : 'embedded PGlite'}`)
}

main().catch((err: unknown) => {
  // Configuration, migration and disk problems are the operator's to fix: say what, not a stack.
  if (err instanceof ConfigError) console.error(`tally: ${err.message}`)
  else console.error(`tally: cannot start: ${describeStartupFailure(err, config)}`)
  process.exit(1)
})
