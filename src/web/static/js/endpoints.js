// The API calls the pages make, each with the type of its answer (from the routes' response
// schemas, via api-types.ts), so a page that reads a field the API does not send is a type error.
// No side effects at import.
/**
 * @import {
 *   BudgetView, CommentPage, Comment, Feature, Forum, ForumPage, Idea, IdeaPage, Plan, Release,
 *   ReleasePage, SimilarIdeas, StatusHistory, TriagePage, VoteHistory, VoteResult,
 * } from '../../api-types.ts'
 */
import { api, get } from './api.js'

/** @param {string} text */
const q = (text) => encodeURIComponent(text)

/** @param {string | null} [cursor] @returns {Promise<ForumPage>} */
export const forums = (cursor) => get(`/forums?limit=100${cursor ? `&cursor=${q(cursor)}` : ''}`)
/** @param {string} slug @returns {Promise<Forum>} */
export const forum = (slug) => get(`/forums/${q(slug)}`)
/** @param {string} slug @returns {Promise<BudgetView>} */
export const budget = (slug) => get(`/forums/${q(slug)}/budget`)
/** @param {string} slug @returns {Promise<ReleasePage>} */
export const releasesOf = (slug) => get(`/forums/${q(slug)}/releases?limit=100`)
/** @param {string} slug @param {URLSearchParams} query @returns {Promise<IdeaPage>} */
export const ideas = (slug, query) => get(`/forums/${q(slug)}/ideas?${query}`)
/** @param {string} slug @param {string} title @returns {Promise<SimilarIdeas>} */
export const similar = (slug, title) => get(`/forums/${q(slug)}/ideas/similar?title=${q(title)}`)
/** @param {string} slug @param {URLSearchParams} query @returns {Promise<TriagePage>} */
export const triage = (slug, query) => get(`/forums/${q(slug)}/triage?${query}`)

/** @param {number} id @returns {Promise<Idea>} */
export const idea = (id) => get(`/ideas/${id}`)
/** @param {number} id @returns {Promise<StatusHistory>} */
export const history = (id) => get(`/ideas/${id}/history`)
/** @param {number} id @param {number} days @returns {Promise<VoteHistory>} */
export const voteHistory = (id, days) => get(`/ideas/${id}/vote-history?days=${days}`)
/** @param {number} id @returns {Promise<CommentPage>} */
export const comments = (id) => get(`/ideas/${id}/comments?limit=100`)
/** @param {number} id @returns {Promise<Feature>} */
export const feature = (id) => get(`/features/${id}`)
/** @param {number} id @returns {Promise<Release>} */
export const release = (id) => get(`/releases/${id}`)
/** @param {number} id @param {string} capacity @returns {Promise<Plan>} */
export const plan = (id, capacity) => get(`/releases/${id}/plan?capacity=${q(capacity)}`)

/**
 * @param {string} slug
 * @param {{ title: string, body?: string, categoryId?: number }} body
 * @returns {Promise<Idea>}
 */
export const createIdea = (slug, body) => api('POST', `/forums/${q(slug)}/ideas`, body)
/** @param {number} id @param {number} votes @returns {Promise<VoteResult>} */
export const vote = (id, votes) => api('PUT', `/ideas/${id}/vote`, { votes })
/**
 * @param {number} id
 * @param {{ body: string, official?: boolean }} body
 * @returns {Promise<Comment>}
 */
export const comment = (id, body) => api('POST', `/ideas/${id}/comments`, body)
/**
 * @param {string} slug
 * @param {Record<string, string | number | null>} body
 * @returns {Promise<Release>}
 */
export const createRelease = (slug, body) => api('POST', `/forums/${q(slug)}/releases`, body)
