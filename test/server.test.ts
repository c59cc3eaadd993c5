// The real process: `npm start`'s entry point serves, keeps its data across restarts, and on
// SIGTERM lets in-flight requests finish, then closes the database cleanly and exits 0.
import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { childEnv, engine, freshServerDatabase, serverBase } from './helper.ts'

interface Server {
  child: ChildProcess
  url: string
  exited: Promise<number | null>
}

async function start(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: childEnv({
      PORT: '0',
      NODE_ENV: 'production',
      JWT_SECRET: 's'.repeat(40),
      LOG_LEVEL: 'info',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match) resolve(match[1]!)
    })
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk))
    void exited.then(() => reject(new Error(`server exited before listening:\n${out}`)))
  })
  return { child, url, exited }
}

/** POSTs `body`, sending SIGTERM to the server after the headers and half the body went out. */
function inFlightAcrossSignal(
  server: Server,
  path: string,
  body: object,
): Promise<{ status: number }> {
  const payload = Buffer.from(JSON.stringify(body))
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': payload.length },
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }))
    })
    req.on('error', reject)
    req.write(payload.subarray(0, 10))
    setTimeout(() => {
      server.child.kill('SIGTERM')
      setTimeout(() => req.end(payload.subarray(10)), 200)
    }, 300)
  })
}

t.test(`${engine}: serves, shuts down gracefully, keeps data across restarts`, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-server-'))
  const env: Record<string, string> = serverBase
    ? { DATABASE_URL: await freshServerDatabase(t) }
    : { DATA_DIR: dataDir }
  const first = await start(env)
  t.teardown(() => first.child.kill('SIGKILL'))
  t.same(await (await fetch(`${first.url}/ready`)).json(), { status: 'ready' })

  // A request is in flight when SIGTERM arrives: its headers and half its body are sent first.
  const response = await inFlightAcrossSignal(first, '/api/v1/auth/register', {
    email: 'restart@example.test',
    password: 'survives-a-restart',
    displayName: 'R',
  })
  t.equal(response.status, 201, 'the in-flight request finished')
  t.equal(await first.exited, 0, 'exit code 0')
  if (!serverBase)
    t.notOk(existsSync(join(dataDir, 'tally.lock')), 'the embedded database was closed cleanly')

  const second = await start(env)
  t.teardown(() => second.child.kill('SIGKILL'))
  const login = await fetch(`${second.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'restart@example.test', password: 'survives-a-restart' }),
  })
  t.equal(login.status, 200, 'the account survived the restart')
  second.child.kill('SIGINT')
  t.equal(await second.exited, 0, 'SIGINT also exits cleanly')
})

t.test('a bad configuration stops start-up with a message naming the variable', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: childEnv({ PORT: 'eighty', JWT_SECRET: 's'.repeat(40) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr.on('data', (chunk: Buffer) => (err += chunk))
  const code = await new Promise((resolve) => child.on('exit', resolve))
  t.equal(code, 1)
  t.match(err, /tally: Invalid configuration: .*PORT/)
  t.notMatch(err, /at .*\.ts:\d+/, 'no stack trace')
})
