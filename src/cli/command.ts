// A CLI command: its arguments are parsed and checked before the database is opened, so a typo
// answers at once instead of after starting the embedded engine.
import type { AppConfig } from '../config.ts'
import type { Database } from '../db/engine.ts'

export class UsageError extends Error {}

export interface Command<Input> {
  usage: string
  parse(args: string[]): Input
  run(database: Database, input: Input, config: AppConfig): Promise<void>
}

/** Keeps each command's input type tied to its run function inside a heterogeneous table. */
export const command = <Input>(c: Command<Input>): Command<unknown> => c as Command<unknown>
