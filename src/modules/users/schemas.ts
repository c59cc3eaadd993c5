import { Type } from 'typebox'
import { Page, PageQuery } from '../../http/schemas.ts'
import { Me, RoleSchema } from '../auth/schemas.ts'

export const UserListQuery = Type.Object(
  { ...PageQuery, role: Type.Optional(RoleSchema) },
  { additionalProperties: false },
)
export const UserPage = Page(Me)
export const UserPatchBody = Type.Object(
  { role: Type.Optional(RoleSchema), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
)
