// The error catalogue: every error a client can see has one of these codes (API.md).
// Services throw these; the one error handler (plugins/error-handler.ts) turns them into
// `{statusCode, code, error, message, ...fields}`.
import createError, { type FastifyErrorConstructor } from '@fastify/error'

const define = (code: string, status: number): FastifyErrorConstructor =>
  createError(code, '%s', status)

export const ValidationFailed = define('VALIDATION_FAILED', 400)
export const Unauthenticated = define('UNAUTHENTICATED', 401)
export const InvalidCredentials = define('INVALID_CREDENTIALS', 401)
export const InvalidRefreshToken = define('INVALID_REFRESH_TOKEN', 401)
export const Forbidden = define('FORBIDDEN', 403)
export const NotFound = define('NOT_FOUND', 404)
export const EmailTaken = define('EMAIL_TAKEN', 409)
export const SlugTaken = define('SLUG_TAKEN', 409)
export const Conflict = define('CONFLICT', 409)
export const VoteBudgetExceeded = define('VOTE_BUDGET_EXCEEDED', 409)
export const VotingClosed = define('VOTING_CLOSED', 409)
export const ReleaseFrozen = define('RELEASE_FROZEN', 409)
export const InvalidTransition = define('INVALID_TRANSITION', 409)
export const PayloadTooLarge = define('PAYLOAD_TOO_LARGE', 413)
export const UnsupportedMediaType = define('UNSUPPORTED_MEDIA_TYPE', 415)
export const RateLimited = define('RATE_LIMITED', 429)
export const Internal = define('INTERNAL', 500)
export const Unavailable = define('UNAVAILABLE', 503)

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'INVALID_REFRESH_TOKEN',
  'FORBIDDEN',
  'NOT_FOUND',
  'EMAIL_TAKEN',
  'SLUG_TAKEN',
  'CONFLICT',
  'VOTE_BUDGET_EXCEEDED',
  'VOTING_CLOSED',
  'RELEASE_FROZEN',
  'INVALID_TRANSITION',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL',
  'UNAVAILABLE',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

const CATALOGUE = new Set<string>(ERROR_CODES)
export const isCatalogued = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && CATALOGUE.has(code)

/** Extra response fields carried by an error (e.g. `budget` on VOTE_BUDGET_EXCEEDED). */
const extraFields = new WeakMap<Error, Record<string, unknown>>()

export function withFields<E extends Error>(error: E, fields: Record<string, unknown>): E {
  extraFields.set(error, { ...extraFields.get(error), ...fields })
  return error
}

export function fieldsOf(error: Error): Record<string, unknown> | undefined {
  return extraFields.get(error)
}
