// Every request gets a deadline (REQUEST_DEADLINE_MS): past it the client gets 503 UNAVAILABLE
// instead of waiting on a stalled database. statement_timeout on the pool stops the query itself;
// this bounds the whole request, including waiting for a pooled connection and several statements.
// A handler that finishes later finds the reply sent; Fastify drops its answer with a warning.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Unavailable } from '../errors.ts'

export default fp<{ deadlineMs: number }>(
  async function requestDeadline(app: FastifyInstance, { deadlineMs }) {
    const timers = new WeakMap<object, NodeJS.Timeout>()
    app.addHook('onRequest', async (request, reply) => {
      const timer = setTimeout(() => {
        if (reply.sent) return
        request.log.warn({ deadlineMs }, 'request deadline passed')
        void reply.send(new Unavailable('The request took too long; try again'))
      }, deadlineMs)
      timer.unref()
      timers.set(request, timer)
    })
    app.addHook('onResponse', async (request) => clearTimeout(timers.get(request)))
  },
  { name: 'request-deadline' },
)
