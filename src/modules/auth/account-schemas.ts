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

export const Identity = Type.Object({
  provider: Type.String(),
  subject: Type.String(),
  email: Nullable(Type.String()),
  linkedAt: Timestamp,
})
export const IdentityList = Type.Object({ items: Type.Array(Identity) })
export const ProviderParams = Type.Object({
  provider: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' }),
})
export const ProviderList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      kind: StringEnum(['oidc', 'github'] as const),
    }),
  ),
})
