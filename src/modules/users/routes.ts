import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errors, IdParams } from '../../http/schemas.ts'
import { Me } from '../auth/schemas.ts'
import { UserListQuery, UserPage, UserPatchBody } from './schemas.ts'
import * as users from './service.ts'

const tags = ['users']
const security = [{ bearerAuth: [] }]

/** User administration (admin). */
export const userAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/users',
    {
      schema: {
        tags,
        security,
        summary: 'List users',
        querystring: UserListQuery,
        response: { 200: UserPage, ...errors(400, 401, 403) },
      },
    },
    async (request) => users.listUsers(app.ctx, request.actor, request.query),
  )

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        security,
        summary: "Change a user's role",
        params: IdParams,
        body: UserPatchBody,
        response: { 200: Me, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => users.updateUser(app.ctx, request.actor, request.params.id, request.body),
  )
}
