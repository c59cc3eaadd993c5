// PostgreSQL's error codes, named once, so services turn constraint violations into domain errors
// (and the error handler maps what is left) without spelling SQLSTATEs in every module.
interface PgError {
  code?: unknown
  constraint?: unknown
}
const codeOf = (err: unknown): string | undefined => {
  const code = (err as PgError | null)?.code
  return typeof code === 'string' ? code : undefined
}
const violates = (code: string) => (err: unknown, constraint?: string) =>
  codeOf(err) === code && (constraint === undefined || (err as PgError).constraint === constraint)

export const isUniqueViolation = violates('23505')
export const isForeignKeyViolation = violates('23503')
export const isCheckViolation = violates('23514')

/** Deadlock or serialization failure: PostgreSQL aborted one transaction; running it again is safe. */
export const isRetryable = (err: unknown) => {
  const code = codeOf(err)
  return code === '40P01' || code === '40001'
}

/** Out of disk, memory or connections (class 53): the service cannot help it, the operator can. */
export const isInsufficientResources = (err: unknown) => codeOf(err)?.startsWith('53') === true
