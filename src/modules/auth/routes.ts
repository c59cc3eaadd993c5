import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { errors } from '../../http/schemas.ts'
import { LoginBody, Me, RefreshBody, RegisterBody, Session } from './schemas.ts'
import * as auth from './service.ts'

const tags = ['auth']

export const passwordOrigin = (request: FastifyRequest): auth.SessionOrigin => ({
  method: 'password',
  userAgent: request.headers['user-agent'],
})

/** Register, login, refresh, logout: open to anyone, throttled per IP and per e-mail. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // One allowance for login and register, here and on the web page's session routes.
  const throttled = app.signInThrottle

  app.post(
    '/auth/register',
    {
      ...throttled,
      schema: {
        tags,
        summary: 'Create an account (role member) and sign in',
        body: RegisterBody,
        response: { 201: Session, ...errors(400, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await auth.register(app.ctx, request.body, passwordOrigin(request))),
  )

  app.post(
    '/auth/login',
    {
      ...throttled,
      schema: {
        tags,
        summary: 'Sign in with e-mail and password',
        body: LoginBody,
        response: { 200: Session, ...errors(400, 401, 429) },
      },
    },
    async (request) => auth.login(app.ctx, request.body, passwordOrigin(request)),
  )

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair (the old one stops working)',
        body: RefreshBody,
        response: { 200: Session, ...errors(400, 401) },
      },
    },
    async (request) => auth.refresh(app.ctx, request.body.refreshToken),
  )

  app.post(
    '/auth/logout',
    {
      schema: {
        tags,
        summary: 'Revoke the login the refresh token belongs to',
        body: RefreshBody,
        response: { 204: { type: 'null' }, ...errors(400) },
      },
    },
    async (request, reply) => {
      await auth.logout(app.ctx, request.body.refreshToken)
      return reply.status(204).send(null)
    },
  )
}

/** The signed-in user's own account. */
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user',
        security: [{ bearerAuth: [] }],
        response: { 200: Me, ...errors(401) },
      },
    },
    async (request) => auth.me(app.ctx, request.actor),
  )
}
