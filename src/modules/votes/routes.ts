import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errors, IdParams, SlugParams } from '../../http/schemas.ts'
import { BudgetView, VoteBody, VoteResult } from './schemas.ts'
import * as votes from './service.ts'

const tags = ['votes']
const security = [{ bearerAuth: [] }]

/** Voting and one's own budget: members. */
export const voteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/ideas/:id/vote',
    {
      config: { contentLimit: 'votes' },
      schema: {
        tags,
        security,
        summary: 'Set my votes on an idea (absolute and idempotent; 0 withdraws)',
        params: IdParams,
        body: VoteBody,
        response: { 200: VoteResult, ...errors(400, 401, 404, 409, 429) },
      },
    },
    async (request) => votes.setVote(app.ctx, request.actor, request.params.id, request.body.votes),
  )

  app.delete(
    '/ideas/:id/vote',
    {
      config: { contentLimit: 'votes' },
      schema: {
        tags,
        security,
        summary: 'Withdraw my votes from an idea (same as votes: 0)',
        params: IdParams,
        response: { 200: VoteResult, ...errors(400, 401, 404, 409, 429) },
      },
    },
    async (request) => votes.setVote(app.ctx, request.actor, request.params.id, 0),
  )

  app.get(
    '/forums/:slug/budget',
    {
      schema: {
        tags,
        security,
        summary: 'My budget in a forum and the ballots that spend it',
        params: SlugParams,
        response: { 200: BudgetView, ...errors(400, 401, 404) },
      },
    },
    async (request) => votes.getBudget(app.ctx, request.actor, request.params.slug),
  )
}
