// The database, the clock and the config, handed to every service as one context.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { AppConfig } from '../config.ts'
import type { Database } from '../db/engine.ts'
import type { DB } from '../db/schema.ts'

export interface Clock {
  now(): Date
}
export const systemClock: Clock = { now: () => new Date() }

/** What every service function receives first. */
export interface ServiceContext {
  readonly db: Kysely<DB>
  readonly clock: Clock
  readonly config: AppConfig
  /**
   * Work that must commit or roll back with this request's write: the Idempotency-Key claim
   * (plugins/idempotency.ts). A service that creates calls it first thing in its transaction.
   */
  readonly inTransaction?: (tx: Kysely<DB>) => Promise<void>
}

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
