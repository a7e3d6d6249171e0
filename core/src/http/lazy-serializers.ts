import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'

type BuildSerializer = ReturnType<typeof SerializerSelector>
type RouteSerializerCompiler = ReturnType<BuildSerializer>

/**
 * Fastify's response serializers, each compiled on its route's first response instead of at boot.
 * Compiling every route's fast-json-stringify function up front was about a third of the CPU a
 * store spends booting (a few hundred routes × statuses), and a process serves only some of them.
 * Fastify calls this factory once per app, so nothing is shared between apps.
 */
export const buildLazySerializer: BuildSerializer = (externalSchemas, serializerOptions) => {
  const compile: RouteSerializerCompiler = SerializerSelector()(externalSchemas, serializerOptions)
  return (route) => {
    let serialize: ((data: unknown) => string) | null = null
    return (data: unknown) => (serialize ??= compile(route) as (data: unknown) => string)(data)
  }
}
