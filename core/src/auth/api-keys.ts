import { randomUUID } from 'node:crypto'
import type { Ctx } from '../context.js'
import { inTransaction } from '../db/transaction.js'
import { keysetPage, type PageOf, type PageQuery } from '../http/pagination.js'
import { ApiKeyNotFoundError, InvalidExpiryError } from './errors.js'
import { apiKeyColumns, toApiKey, type ApiKeyRow } from './mappers.js'
import { apiKeyRoles, assertCanGrant, assignRoles, resolveRoleNames, roleNamesOf } from './role-assignments.js'
import type { ApiKey, ApiKeyCreated, ApiKeyCreateInput } from './schemas.js'
import { generateToken, hashToken, visiblePrefixLength } from './tokens.js'

/** Admin API keys for integrations: the secret is returned once and stored as a sha256 hash. */
export function createApiKeyOperations () {
  async function findRow (ctx: Ctx, apiKeyId: string): Promise<ApiKeyRow> {
    const row = await ctx.db('comptoir_api_keys').select(...apiKeyColumns).where({ id: apiKeyId }).first() as ApiKeyRow | undefined
    if (row == null) throw new ApiKeyNotFoundError(apiKeyId)
    return row
  }

  async function withRoles (ctx: Ctx, row: ApiKeyRow): Promise<ApiKey> {
    const roles = await roleNamesOf(ctx, apiKeyRoles, [row.id])
    return toApiKey(row, roles.get(row.id) ?? [])
  }

  return {
    async listApiKeys (ctx: Ctx, page: PageQuery): Promise<PageOf<ApiKey>> {
      const result = await keysetPage<ApiKeyRow>(ctx.db('comptoir_api_keys').select(...apiKeyColumns), page, {
        list: 'core.api-keys', columns: ['name', 'id'], keyOf: (row) => [row.name, row.id],
      })
      const roles = await roleNamesOf(ctx, apiKeyRoles, result.items.map((row) => row.id))
      return { items: result.items.map((row) => toApiKey(row, roles.get(row.id) ?? [])), nextCursor: result.nextCursor }
    },

    async getApiKey (ctx: Ctx, apiKeyId: string): Promise<ApiKey> {
      return await withRoles(ctx, await findRow(ctx, apiKeyId))
    },

    /** Creates a key with roles the actor holds; the returned `secret` is never available again. */
    async createApiKey (ctx: Ctx, input: ApiKeyCreateInput): Promise<ApiKeyCreated> {
      if (input.expiresAt != null && Date.parse(input.expiresAt) <= Date.now()) throw new InvalidExpiryError()
      return await inTransaction(ctx, async (tx) => {
        const roles = await resolveRoleNames(tx, input.roles)
        assertCanGrant(tx.actor, roles.flatMap((role) => role.permissions))
        const secret = generateToken('apiKey')
        const id = randomUUID()
        await tx.db('comptoir_api_keys').insert({
          id,
          name: input.name,
          prefix: secret.slice(0, visiblePrefixLength),
          token_hash: hashToken(secret),
          expires_at: input.expiresAt ?? null,
          created_by: tx.actor != null ? `${tx.actor.type}:${tx.actor.id}` : null,
        })
        await assignRoles(tx, apiKeyRoles, id, roles)
        return { apiKey: await withRoles(tx, await findRow(tx, id)), secret }
      })
    },

    /** Revokes a key at once; revoking a revoked key changes nothing. */
    async revokeApiKey (ctx: Ctx, apiKeyId: string): Promise<ApiKey> {
      await findRow(ctx, apiKeyId)
      await ctx.db('comptoir_api_keys').where({ id: apiKeyId }).whereNull('revoked_at').update({ revoked_at: ctx.db.fn.now() })
      return await withRoles(ctx, await findRow(ctx, apiKeyId))
    },
  }
}
