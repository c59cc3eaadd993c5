// A CLI command: its arguments are parsed and checked before the database is opened, so a typo
// answers at once instead of after starting the embedded engine.
import type { AppConfig } from '../config.ts'
import type { Database } from '../db/engine.ts'
import type { Actor } from '../core/roles.ts'

export class UsageError extends Error {}

export interface Command<Input> {
  usage: string
  parse(args: string[]): Input
  run(database: Database, input: Input, config: AppConfig): Promise<void>
}

/** Keeps each command's input type tied to its run function inside a heterogeneous table. */
export const command = <Input>(c: Command<Input>): Command<unknown> => c as Command<unknown>

/**
 * Who a CLI command acts as. Whoever runs it holds the database itself, so it acts as an admin —
 * through the same service functions as the API, so their rules (the last admin stays) hold here
 * too. Id 0 is no account: nothing it does is attributed to a user.
 */
export const OPERATOR: Actor = Object.freeze({ id: 0, role: 'admin' })
