// The real service as a child process (`npm start`'s entry point under tsx), for the fault tests.
import { spawn, type ChildProcess } from 'node:child_process'
import { childEnv, UNLIMITED_CONTENT } from '../helper.ts'

export interface ServerProcess {
  child: ChildProcess
  url: string
  exited: Promise<number | null>
  /** Everything it printed, for a failure message. */
  output: () => string
}

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    // The fault tests storm with a few accounts: the per-account content limits would refuse them.
    env: childEnv({
      PORT: '0',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      ...UNLIMITED_CONTENT,
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out = (out + chunk).slice(-20_000)
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match) resolve(match[1]!)
    })
    child.stderr!.on('data', (chunk: Buffer) => (out = (out + chunk).slice(-20_000)))
    void exited.then(() => reject(new Error(`server exited before listening:\n${out}`)))
  })
  return { child, url, exited, output: () => out }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** fetch with a client-side timeout, so a hanging server shows up as a failure, not a stuck test. */
export async function call(
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = Date.now()
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 15_000) })
  const text = await res.text()
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { text }
  }
  return { status: res.status, body, ms: Date.now() - started }
}
