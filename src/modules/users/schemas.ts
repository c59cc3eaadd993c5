import { Type } from 'typebox'
import { Page, PageQuery } from '../../http/schemas.ts'
import { Me, RoleSchema } from '../auth/schemas.ts'

export const UserListQuery = Type.Object(
  { ...PageQuery, role: Type.Optional(RoleSchema) },
  { additionalProperties: false },
)
export const UserPage = Page(Me)
export const RoleBody = Type.Object({ role: RoleSchema }, { additionalProperties: false })
