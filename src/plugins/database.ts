// The database, the clock and the config, handed to every service as one context.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { AppConfig } from '../config.ts'
import type { Clock } from '../core/clock.ts'
import type { ServiceContext } from '../core/context.ts'
import type { Database } from '../db/engine.ts'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    ctx: ServiceContext
  }
}

export interface DatabasePluginOptions {
  database: Database
  clock: Clock
  config: AppConfig
  /** Close the database when the app closes (the server owns it; tests may close it themselves). */
  closeWithApp: boolean
}

export default fp<DatabasePluginOptions>(
  async function database(app: FastifyInstance, opts) {
    app.decorate('database', opts.database)
    app.decorate('ctx', { db: opts.database.db, clock: opts.clock, config: opts.config })
    if (opts.closeWithApp) app.addHook('onClose', async () => opts.database.close())
  },
  { name: 'database' },
)
