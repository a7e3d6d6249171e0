import type { RoutePlugin } from '@comptoir/core'
import type { CrmConfig } from '../config.js'
import { Task, TaskInput, TaskPage, TaskParams, TaskPatch, TaskQuery } from '../schemas/index.js'
import { privateWrite, read, tags } from './permissions.js'

/** Staff tasks and follow-ups (mounted under /admin). */
export const adminTaskRoutes: RoutePlugin<CrmConfig> = async (app) => {
  const { crmTasks } = app.services

  app.get<{ Querystring: TaskQuery }>('/crm/tasks', {
    config: read,
    schema: { tags, operationId: 'listCrmTasks', summary: 'Tasks, soonest due first, by status, assignee or customer', querystring: TaskQuery, response: { 200: TaskPage } },
  }, async (request) => await crmTasks.list(request.ctx, request.query))

  app.post<{ Body: TaskInput }>('/crm/tasks', {
    config: { ...privateWrite, idempotent: true },
    schema: { tags, operationId: 'createCrmTask', summary: 'Create a follow-up for a staff member', body: TaskInput, response: { 201: Task } },
  }, async (request, reply) => await reply.code(201).send(await crmTasks.create(request.ctx, request.body)))

  app.get<{ Params: TaskParams }>('/crm/tasks/:taskId', {
    config: read,
    schema: { tags, operationId: 'getCrmTask', summary: 'Read a task', params: TaskParams, response: { 200: Task } },
  }, async (request) => await crmTasks.get(request.ctx, request.params.taskId))

  app.patch<{ Params: TaskParams, Body: TaskPatch }>('/crm/tasks/:taskId', {
    config: privateWrite,
    schema: { tags, operationId: 'updateCrmTask', summary: 'Change or complete a task (status done, once)', params: TaskParams, body: TaskPatch, response: { 200: Task } },
  }, async (request) => await crmTasks.update(request.ctx, request.params.taskId, request.body))
}
