import { Type } from 'typebox'
import { API_SCOPES, SIGN_IN_METHODS } from '../../core/scopes.ts'
import { Nullable, StringEnum, Timestamp } from '../../http/schemas.ts'

export const ApiScopeSchema = StringEnum(API_SCOPES)

export const NewTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    scopes: Type.Array(ApiScopeSchema, { minItems: 1, maxItems: API_SCOPES.length }),
    expiresAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
)

export const ApiToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scopes: Type.Array(ApiScopeSchema),
  expiresAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
  createdAt: Timestamp,
})

export const CreatedApiToken = Type.Object({
  ...ApiToken.properties,
  token: Type.String({ description: 'The secret (tly_…), shown this once' }),
})

export const ApiTokenList = Type.Object({ items: Type.Array(ApiToken) })

export const SessionItem = Type.Object({
  id: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp,
  userAgent: Nullable(Type.String()),
  method: StringEnum(SIGN_IN_METHODS),
  current: Type.Boolean(),
})
export const SessionList = Type.Object({ items: Type.Array(SessionItem) })
export const SessionParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
