import type { FastifyInstance } from 'fastify'
import { Page, PageQuery } from '../http/pagination.js'
import { Setting, SettingChange, SettingList, SettingParams, SettingsQuery, UpdateSettingInput } from './schemas.js'
import type { SettingsService } from './service.js'

const tags = ['settings']
const permission = 'core:settings'

/** `/admin/settings`: read, change and trace plugins' settings. */
export function settingsRoutes (settings: SettingsService) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: SettingsQuery }>('/settings', {
      config: { permission },
      schema: {
        tags, operationId: 'listSettings', summary: 'Lists every setting with its schema, default, current value and version',
        querystring: SettingsQuery, response: { 200: SettingList },
      },
    }, async (request) => ({ items: await settings.getAll(request.ctx, request.query.plugin) }))

    app.get<{ Params: SettingParams }>('/settings/:plugin/:name', {
      config: { permission },
      schema: {
        tags, operationId: 'getSetting', summary: 'Reads one setting',
        params: SettingParams, response: { 200: Setting },
      },
    }, async (request) => await settings.describe(request.ctx, request.params.plugin, request.params.name))

    app.put<{ Params: SettingParams, Body: UpdateSettingInput }>('/settings/:plugin/:name', {
      config: { permission },
      schema: {
        tags, operationId: 'updateSetting', summary: 'Changes a setting; send expectedVersion to avoid overwriting a concurrent change',
        params: SettingParams, body: UpdateSettingInput, response: { 200: Setting },
      },
    }, async (request) => {
      const { plugin, name } = request.params
      return await settings.set(request.ctx, plugin, name, request.body.value, { expectedVersion: request.body.expectedVersion })
    })

    app.get<{ Params: SettingParams, Querystring: PageQuery }>('/settings/:plugin/:name/history', {
      config: { permission },
      schema: {
        tags, operationId: 'listSettingHistory', summary: 'Lists the versions of a setting, newest first',
        params: SettingParams, querystring: PageQuery, response: { 200: Page(SettingChange) },
      },
    }, async (request) => await settings.history(request.ctx, request.params.plugin, request.params.name, request.query))
  }
}
