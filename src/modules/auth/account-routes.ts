import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errors, IdParams } from '../../http/schemas.ts'
import {
  ApiTokenList,
  CreatedApiToken,
  IdentityList,
  NewTokenBody,
  ProviderList,
  ProviderParams,
  SessionList,
  SessionParams,
} from './account-schemas.ts'
import * as tokens from './api-tokens.ts'
import * as identities from './identities.ts'
import { listProviders } from './providers.ts'
import * as sessions from './sessions.ts'

const tags = ['account']
const security = [{ bearerAuth: [] }]

/** The signed-in user's API tokens and sessions (from a session, not from an API token). */
export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/me/tokens',
    {
      schema: {
        tags,
        security,
        summary: 'Create a personal API token (its secret is shown this once)',
        body: NewTokenBody,
        response: { 201: CreatedApiToken, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await tokens.createToken(app.ctx, request.actor, request.body)),
  )
  app.get(
    '/me/tokens',
    {
      schema: {
        tags,
        security,
        summary: 'Your live API tokens (no secrets)',
        response: { 200: ApiTokenList, ...errors(401, 403) },
      },
    },
    async (request) => tokens.listTokens(app.ctx, request.actor),
  )
  app.delete(
    '/me/tokens/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await tokens.revokeToken(app.ctx, request.actor, request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/me/sessions',
    {
      schema: {
        tags,
        security,
        summary: 'Your signed-in sessions',
        response: { 200: SessionList, ...errors(401, 403) },
      },
    },
    async (request) => sessions.listSessions(app.ctx, request.actor),
  )
  app.delete(
    '/me/sessions/:id',
    {
      schema: {
        tags,
        security,
        summary: 'End one of your sessions',
        params: SessionParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await sessions.endSession(app.ctx, request.actor, request.params.id)
      return reply.status(204).send(null)
    },
  )
  app.delete(
    '/me/sessions',
    {
      schema: {
        tags,
        security,
        summary: 'End every session but this one',
        response: { 204: { type: 'null' }, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      await sessions.endOtherSessions(app.ctx, request.actor)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/me/identities',
    {
      schema: {
        tags,
        security,
        summary: 'Your linked sign-in identities (OpenID Connect, GitHub, SSO)',
        response: { 200: IdentityList, ...errors(401, 403) },
      },
    },
    async (request) => identities.listIdentities(app.ctx, request.actor),
  )
  app.delete(
    '/me/identities/:provider',
    {
      schema: {
        tags,
        security,
        summary: 'Unlink an identity (not the last way to sign in)',
        params: ProviderParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await identities.unlinkIdentity(app.ctx, request.actor, request.params.provider)
      return reply.status(204).send(null)
    },
  )
}

/** Which sign-in providers this deployment offers (for the sign-in page's buttons). */
export const providerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/auth/providers',
    {
      schema: {
        tags: ['auth'],
        summary: 'The configured sign-in providers',
        response: { 200: ProviderList },
      },
    },
    async () => listProviders(app.ctx),
  )
}
