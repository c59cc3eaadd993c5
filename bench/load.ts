// One autocannon run (as a library): a fixed number of connections for a fixed duration, each
// request built afresh by `next` so users, ideas and pages vary. 5xx and connection errors are
// errors; other non-2xx (a 409 over budget) are counted, by status, but are not errors.
import autocannon from 'autocannon'

export interface RequestSpec {
  method?: 'GET' | 'PUT' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

export interface LoadResult {
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  statuses: Record<string, number>
  requests: number
}

export async function load(options: {
  url: string
  connections: number
  seconds: number
  next: () => RequestSpec
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        setupRequest: (request) => {
          const spec = options.next()
          const headers = { ...spec.headers }
          if (spec.body !== undefined) headers['content-type'] = 'application/json'
          return { ...request, ...spec, headers }
        },
      },
    ],
  })
  const statuses: Record<string, number> = {}
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[code] = (stat as { count: number }).count
  }
  const serverErrors = Object.entries(statuses)
    .filter(([code]) => Number(code) >= 500)
    .reduce((n, [, count]) => n + count, 0)
  const requests = Object.values(statuses).reduce((n, c) => n + c, 0)
  return {
    rps: Math.round(requests / options.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + serverErrors,
    non2xx: result.non2xx,
    statuses,
    requests,
  }
}
