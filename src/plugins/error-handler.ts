// One error handler: every failure leaves as `{statusCode, code, error, message}` with a code from
// the catalogue. 5xx answers are generic; what went wrong is logged with the request id only.
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { exhaustedResource } from '../db/exhaustion.ts'
import { fieldsOf, isCatalogued, type ErrorCode } from '../errors.ts'

interface ApiError {
  statusCode: number
  code: ErrorCode
  message: string
  fields?: Record<string, unknown>
}

// Errors that mean "the database is not there right now": connection refused or dropped,
// server shutting down, pool checkout timeout, statement timeout.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '57014', // query_canceled (statement_timeout)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
])
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error',
  'Connection ended',
]

function isDatabaseUnavailable(err: FastifyError): boolean {
  const code = typeof err.code === 'string' ? err.code : ''
  if (UNAVAILABLE_CODES.has(code)) return true
  const message = typeof err.message === 'string' ? err.message : ''
  return UNAVAILABLE_MESSAGES.some((m) => message.includes(m))
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number]

function validationDetails(err: FastifyError): { path: string; message: string }[] {
  const part = err.validationContext ?? 'body'
  return (err.validation ?? []).map((issue: ValidationIssue) => {
    const missing = (issue.params as { missingProperty?: string } | undefined)?.missingProperty
    const path = `/${part}${issue.instancePath}${missing ? `/${missing}` : ''}`
    return { path, message: issue.message ?? 'is invalid' }
  })
}

export function toApiError(err: FastifyError): ApiError {
  if (err.validation) {
    return {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request does not match the schema',
      fields: { details: validationDetails(err) },
    }
  }
  if (isCatalogued(err.code) && err.statusCode && err.statusCode < 500) {
    return {
      statusCode: err.statusCode,
      code: err.code,
      message: err.message,
      fields: fieldsOf(err),
    }
  }
  if (isCatalogued(err.code) && err.code === 'UNAVAILABLE') {
    return { statusCode: 503, code: 'UNAVAILABLE', message: err.message }
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body is too large',
      }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send the body as application/json',
      }
    case '23505': // unique_violation not already turned into a domain error by a service
      return { statusCode: 409, code: 'CONFLICT', message: 'That already exists' }
    case '23503': // foreign_key_violation
      return foreignKeyError(err)
    case '23514': // check_violation: services validate what they store, this is the backstop
      return {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'A value is outside what this field accepts',
      }
  }
  // A full disk, no memory or no connection slots left (PostgreSQL class 53, ENOSPC): the
  // service cannot do the work right now; retrying later may succeed once space is freed.
  if (exhaustedResource(err)) {
    return {
      statusCode: 503,
      code: 'UNAVAILABLE',
      message: 'The service is out of resources right now; try again later',
    }
  }
  if (isDatabaseUnavailable(err)) {
    return {
      statusCode: 503,
      code: 'UNAVAILABLE',
      message: 'The database is unavailable; try again',
    }
  }
  // Fastify's own client errors: malformed JSON, bad content length, empty body, bad URL…
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    if (err.statusCode === 404) return { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' }
    return { statusCode: 400, code: 'VALIDATION_FAILED', message: clientMessage(err) }
  }
  return { statusCode: 500, code: 'INTERNAL', message: 'Internal server error' }
}

// Columns that hold the caller's own id. A foreign key failing on one of them means the access
// token names an account that no longer exists (its signature is still valid for 15 minutes):
// the fuzzer found such a token voting into a 500. Any other reference that vanished (deleted
// concurrently) is a conflict with the current state, not a server fault.
const ACTOR_FOREIGN_KEY = /_(user|author|response_author|actor|coordinator)_id_fkey$/

function foreignKeyError(err: FastifyError): ApiError {
  const constraint = (err as FastifyError & { constraint?: unknown }).constraint
  if (typeof constraint === 'string' && ACTOR_FOREIGN_KEY.test(constraint)) {
    return {
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'The account of this access token no longer exists',
    }
  }
  return {
    statusCode: 409,
    code: 'CONFLICT',
    message: 'That refers to something that no longer exists',
  }
}

function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON'
    default:
      return 'The request is malformed'
  }
}

export function errorBody(e: ApiError) {
  return {
    ...e.fields,
    statusCode: e.statusCode,
    code: e.code,
    error: STATUS_CODES[e.statusCode] ?? 'Error',
    message: e.message,
  }
}

// Logged without the stack unless debugging: messages are enough to find the request, and stacks
// of driver errors can carry SQL.
function logFailure(request: FastifyRequest, err: FastifyError, status: number) {
  const detail = { type: err.name, code: err.code, message: err.message }
  const debug = request.log.level === 'debug' || request.log.level === 'trace'
  // What ran out is what the operator must fix: said in so many words, not left to the code.
  const resource = exhaustedResource(err)
  request.log.error(
    {
      err: debug ? { ...detail, stack: err.stack } : detail,
      status,
      ...(resource && { resource }),
    },
    resource
      ? `request failed: out of ${resource === 'disk' ? 'disk space' : resource}`
      : 'request failed',
  )
}

/**
 * Fastify's router answers some malformed URLs itself, before any hook or error handler: a bad
 * percent-encoding, a path parameter over maxParamLength. Passed as the `frameworkErrors` server
 * option so that those answers too carry a catalogued code (the fuzzer found them answering
 * FST_ERR_BAD_URL and 414 FST_ERR_MAX_PARAM_LENGTH).
 */
export function frameworkErrors(
  err: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path parameter is too long'
      : 'The URL is malformed'
  void reply.status(400).send(errorBody({ statusCode: 400, code: 'VALIDATION_FAILED', message }))
}

/**
 * Errors on the socket before there is a request (headers over the size limit, headers or body
 * too slow, malformed HTTP): Fastify's default answers these with a JSON body but no `code`. Passed
 * as the `clientErrorHandler` server option so that they too carry a catalogued code.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection has nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [statusCode, code, message]: [number, ErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'PAYLOAD_TOO_LARGE', 'The request headers are too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'VALIDATION_FAILED', 'The request did not arrive in time']
        : [400, 'VALIDATION_FAILED', 'The request is not valid HTTP']
  if (socket.writable) {
    const body = JSON.stringify(errorBody({ statusCode, code, message }))
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const apiError = toApiError(err)
      if (apiError.statusCode >= 500) logFailure(request, err, apiError.statusCode)
      if (apiError.statusCode === 503) reply.header('retry-after', '5')
      return reply.status(apiError.statusCode).send(errorBody(apiError))
    })
    app.setNotFoundHandler((request, reply) => {
      return reply
        .status(404)
        .send(errorBody({ statusCode: 404, code: 'NOT_FOUND', message: 'Route not found' }))
    })
  },
  { name: 'error-handler' },
)
