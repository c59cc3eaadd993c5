// The processes under test: spawned as children, polled until ready, measured (RSS from
// /proc/<pid>/status, event-loop delay through the preloaded probe), stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const PROBE = fileURLToPath(new URL('./event-loop-probe.mjs', import.meta.url))

export interface Child {
  url: string
  pid: number
  /** Largest resident set seen since the last call (polled every 100 ms). */
  takeRssPeakMb(): number
  /** VmHWM: the peak resident set of the whole life of the process. */
  lifetimeRssPeakMb(): number
  /** Event-loop delay since the last reset (only for children started with the probe). */
  eventLoop(): Promise<{ p99Ms: number; maxMs: number } | null>
  resetEventLoop(): void
  stop(): Promise<void>
}

export async function startChild(options: {
  name: string
  args: string[]
  env: Record<string, string>
  port: number
  readyPath: string
  probe?: boolean
}): Promise<Child> {
  const args = options.probe ? ['--import', PROBE, ...options.args] : options.args
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let stopping = false
  child.once('exit', (code) => {
    if (!stopping) console.error(`bench: ${options.name} exited early (code ${code})`)
  })
  const url = `http://127.0.0.1:${options.port}`
  await waitReady(`${url}${options.readyPath}`, child, options.name)
  const pid = child.pid!
  let peak = 0
  const poll = setInterval(() => (peak = Math.max(peak, statusMb(pid, 'VmRSS'))), 100)
  return {
    url,
    pid,
    takeRssPeakMb() {
      const value = Math.max(peak, statusMb(pid, 'VmRSS'))
      peak = 0
      return value
    },
    lifetimeRssPeakMb: () => statusMb(pid, 'VmHWM'),
    eventLoop: () => askProbe(child),
    resetEventLoop: () => void child.send('event-loop:reset'),
    async stop() {
      clearInterval(poll)
      stopping = true
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    )
    return match ? Number(match[1]) / 1024 : 0
  } catch {
    return 0
  }
}

function askProbe(child: ChildProcess): Promise<{ p99Ms: number; maxMs: number } | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 2000)
    child.once('message', (message: { type?: string; p99Ms: number; maxMs: number }) => {
      clearTimeout(timer)
      resolve(message.type === 'event-loop' ? message : null)
    })
    child.send('event-loop:read')
  })
}

async function waitReady(url: string, child: ChildProcess, name: string) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${name} did not become ready at ${url}`)
}
