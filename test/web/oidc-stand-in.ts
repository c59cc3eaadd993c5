// A minimal OpenID provider on 127.0.0.1 for the refusal tests: discovery, JWKS, a token endpoint
// that checks PKCE and answers an ID token the test shapes (or tampers with), and userinfo.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

const b64 = (v: object | Buffer) =>
  (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url')

export function jwtRs256(payload: object, key: KeyObject, kid = 'k1'): string {
  const head = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(payload)}`
  return `${head}.${b64(sign('sha256', Buffer.from(head), key))}`
}

export interface Authorized {
  state: string
  nonce: string
  codeChallenge: string
  redirectUri: string
  clientId: string
}

export async function standInProvider() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
  let issuer = ''
  /** What the token endpoint answers as the ID token, given the authorization it saw. */
  let idToken: (auth: Authorized, base: Record<string, unknown>) => string = (_a, base) =>
    jwtRs256(base, privateKey)
  let userinfo: Record<string, unknown> = {}
  let last: Authorized | undefined
  const tokenRequests: URLSearchParams[] = []

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer)
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        userinfo_endpoint: `${issuer}/userinfo`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      })
    }
    if (url.pathname === '/jwks') {
      return json(200, {
        keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }],
      })
    }
    if (url.pathname === '/userinfo') return json(200, userinfo)
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        const form = new URLSearchParams(body)
        tokenRequests.push(form)
        const verifier = form.get('code_verifier') ?? ''
        const challenge = createHash('sha256').update(verifier).digest('base64url')
        if (!last || challenge !== last.codeChallenge || form.get('code') !== 'the-code') {
          return json(400, { error: 'invalid_grant' })
        }
        const now = Math.floor(Date.now() / 1000)
        const base = {
          iss: issuer,
          aud: last.clientId,
          sub: 'subject-1',
          iat: now,
          exp: now + 300,
          nonce: last.nonce,
          ...userinfo,
        }
        return json(200, {
          access_token: 'at-1',
          token_type: 'Bearer',
          id_token: idToken(last, base),
        })
      })
      return
    }
    res.writeHead(404)
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    get issuer() {
      return issuer
    },
    privateKey,
    otherKey: other.privateKey,
    tokenRequests,
    /** Records the authorization request the browser would have brought to the provider. */
    authorize(location: string): Authorized {
      const url = new URL(location)
      const p = url.searchParams
      last = {
        state: p.get('state') ?? '',
        nonce: p.get('nonce') ?? '',
        codeChallenge: p.get('code_challenge') ?? '',
        redirectUri: p.get('redirect_uri') ?? '',
        clientId: p.get('client_id') ?? '',
      }
      return last
    },
    setIdToken(fn: typeof idToken) {
      idToken = fn
    },
    setUser(claims: Record<string, unknown>) {
      userinfo = claims
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
