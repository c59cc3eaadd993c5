import { Type } from 'typebox'
import { Page, PageQuery, PublicUser, Timestamp } from '../../http/schemas.ts'

export const Comment = Type.Object({
  id: Type.Integer(),
  body: Type.String(),
  author: PublicUser,
  official: Type.Boolean(),
  createdAt: Timestamp,
})

export const CreateCommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' }),
    official: Type.Optional(Type.Boolean({ description: 'Developers only' })),
  },
  { additionalProperties: false },
)

export const CommentListQuery = Type.Object(PageQuery, { additionalProperties: false })
export const CommentPage = Page(Comment)
