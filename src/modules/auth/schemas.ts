import { Type } from 'typebox'
import { ROLES } from '../../core/domain.ts'
import { OneLine, StringEnum, Timestamp } from '../../http/schemas.ts'

export const RoleSchema = StringEnum(ROLES)

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 })
export const Password = Type.String({ minLength: 10, maxLength: 256 })
export const DisplayName = OneLine({ minLength: 1, maxLength: 80 })

export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
})

export const Me = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  /** Disabled by an admin: no sign-in, every token refused. */
  disabled: Type.Boolean(),
  createdAt: Timestamp,
})

export const Session = Type.Object({
  user: User,
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer({ description: 'Access token lifetime in seconds' }),
})

// Unknown fields (a `role`, say) are dropped by validation: a client cannot choose its role.
export const RegisterBody = Type.Object(
  { email: Email, password: Password, displayName: DisplayName },
  { additionalProperties: false },
)

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ maxLength: 256 }),
  },
  { additionalProperties: false },
)

export const RefreshBody = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
)
