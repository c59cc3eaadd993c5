// TRUST_PROXY → Fastify's trustProxy: which peers are believed when they say who the client is
// (X-Forwarded-For, used by the rate limits) and how it connected (X-Forwarded-Proto and -Host,
// used by the web sign-in's Origin check and its Secure cookies).
import { isIP } from 'node:net'

/** false, trust of the nearest `n` hops, or a comma-separated list of addresses and CIDR ranges. */
export type TrustProxy = false | string | ((address: string, hop: number) => boolean)

// proxy-addr's (Fastify's) names for the reserved ranges.
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

export function parseTrustProxy(value: string): TrustProxy {
  if (value === 'false') return false
  // Fastify's `true` believes every X-Forwarded-For hop, including those a client writes itself:
  // anyone could choose the address the rate limits count. Better to refuse than to guess.
  if (value === 'true') {
    throw new Error(
      'TRUST_PROXY=true would believe an X-Forwarded-For sent by any client, so anyone could ' +
        'choose the IP the rate limits count. Set the number of proxies in front of Tally ' +
        '(TRUST_PROXY=1 for one) or their addresses (TRUST_PROXY=10.0.0.0/8,127.0.0.1)',
    )
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    return hops === 0 ? false : (_address, hop) => hop < hops
  }
  const entries = value.split(',').map((entry) => entry.trim())
  const bad = entries.filter((entry) => !isProxyAddress(entry))
  if (bad.length > 0) {
    throw new Error(
      `TRUST_PROXY: ${bad.join(', ')} is not a hop count, an address, a CIDR range or one of ` +
        [...RANGE_NAMES].join(', '),
    )
  }
  return entries.join(',')
}

function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true
  const [address = '', range, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (range === undefined) return true
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128)
  // An IPv4 netmask (10.0.0.0/255.0.0.0), which proxy-addr accepts too.
  return family === 4 && isIP(range) === 4
}
