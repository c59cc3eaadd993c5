// Schemas shared by every module: errors, ids, pagination, public user.
import { Type, type Static, type TSchema } from 'typebox'

/** A string enum that reads well in OpenAPI and in validation messages. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: object = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, ...options })

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    error: Type.String(),
    message: Type.String(),
  },
  { additionalProperties: true, $id: 'ErrorResponse' },
)

const errorRef = Type.Unsafe<Static<typeof ErrorResponse>>(Type.Ref('ErrorResponse'))

/** Response schemas for the error statuses a route can answer. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorRef]))
}

export const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 })
export const IdParams = Type.Object({ id: Id })

export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', maxLength: 63 })
export const SlugParams = Type.Object({ slug: Slug })

export const Timestamp = Type.String({ format: 'date-time' })
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
}

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) })

export const PublicUser = Type.Object({ id: Type.Integer(), displayName: Type.String() })

// C0 and C1 control characters (tab, CR, LF, NEL, …) and U+2028/U+2029, the Unicode line and
// paragraph separators: in a one-line field they would start a new line in a report or a CSV.
const CONTROLS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029'

/**
 * A one-line text field: no control characters or line separators (400 `VALIDATION_FAILED`).
 * `text: true` also requires something other than white space. The pattern is linear (no
 * backtracking between its parts): leading spaces, the first visible character, the rest.
 */
export const OneLine = (options: { minLength?: number; maxLength: number; text?: boolean }) => {
  const { text = true, ...lengths } = options
  return Type.String({
    ...lengths,
    pattern: text ? `^[^\\S${CONTROLS}]*[^\\s${CONTROLS}][^${CONTROLS}]*$` : `^[^${CONTROLS}]*$`,
  })
}
