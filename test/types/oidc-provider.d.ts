// The little of oidc-provider (a test-only devDependency without bundled types) that the tests use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'
  interface Account {
    accountId: string
    claims(): Promise<Record<string, unknown>>
  }
  interface Configuration {
    clients?: Record<string, unknown>[]
    cookies?: { keys?: string[] }
    claims?: Record<string, string[]>
    features?: Record<string, { enabled: boolean }>
    findAccount?: (ctx: unknown, sub: string) => Promise<Account | undefined>
  }
  export default class Provider {
    constructor(issuer: string, configuration?: Configuration)
    callback(): (req: IncomingMessage, res: ServerResponse) => void
  }
}
