import { readFileSync } from 'node:fs'

/**
 * Stripe's spec subset (copied from /work/shared/stripe): the fake server accepts exactly the
 * parameters, types and enums it lists, so a call the real API would reject fails here too.
 */
interface ParamSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array'
  enum?: string[]
  maxLength?: number
  emptyable?: boolean
  properties?: Record<string, ParamSchema>
  required?: string[]
  additionalProperties?: ParamSchema | boolean
  items?: ParamSchema
  anyOf?: ParamSchema[]
  $ref?: string
}

interface Operation {
  method: string
  path: string
  operationId: string
  pathParams: string[]
  params: Record<string, { in: 'body' | 'query', required: boolean, schema: ParamSchema }>
}

interface Subset { operations: Record<string, Operation>, defs: Record<string, ParamSchema>, fixtures: Record<string, Record<string, unknown>> }

const subset = JSON.parse(readFileSync(new URL('./stripe-subset.json', import.meta.url), 'utf8')) as Subset

/** Stripe's published example objects, the base of every object the fake returns. */
export function fixture (name: string): Record<string, unknown> {
  const value = subset.fixtures[name]
  if (value == null) throw new Error(`no fixture ${name}`)
  return structuredClone(value)
}

/** A 400 the way Stripe words it. */
export class InvalidParamError extends Error {
  constructor (readonly param: string, message: string, readonly code: string = 'parameter_invalid') { super(message) }
}

export interface MatchedOperation { operationId: string, pathValues: Record<string, string> }

/** The operation of a request, or null (Stripe answers 404 `Unrecognized request URL`). */
export function matchOperation (method: string, path: string): MatchedOperation | null {
  for (const op of Object.values(subset.operations)) {
    if (op.method !== method) continue
    const names: string[] = []
    const pattern = new RegExp('^' + op.path.replace(/\{(\w+)\}/g, (_m, name: string) => { names.push(name); return '([^/]+)' }) + '$')
    const found = pattern.exec(path)
    if (found == null) continue
    const pathValues: Record<string, string> = {}
    names.forEach((name, i) => { pathValues[name] = decodeURIComponent(found[i + 1] ?? '') })
    return { operationId: op.operationId, pathValues }
  }
  return null
}

/** Checks and coerces decoded form parameters against the operation; throws InvalidParamError. */
export function validateParams (operationId: string, input: Record<string, unknown>): Record<string, unknown> {
  const op = Object.values(subset.operations).find((o) => o.operationId === operationId)
  if (op == null) throw new Error(`unknown operation ${operationId}`)
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(input)) {
    const param = op.params[name]
    if (param == null) throw new InvalidParamError(name, `Received unknown parameter: ${name}`, 'parameter_unknown')
    const checked = check(param.schema, value, name)
    if (checked !== undefined) out[name] = checked
  }
  for (const [name, param] of Object.entries(op.params)) {
    if (param.required && out[name] === undefined) throw new InvalidParamError(name, `Missing required param: ${name}.`, 'parameter_missing')
  }
  return out
}

function resolve (schema: ParamSchema): ParamSchema {
  if (schema.$ref == null) return schema
  const found = subset.defs[schema.$ref]
  if (found == null) throw new Error(`unknown def ${schema.$ref}`)
  return resolve(found)
}

function check (raw: ParamSchema, value: unknown, path: string): unknown {
  const schema = resolve(raw)
  // An empty string unsets an emptyable parameter (the SDK sends `metadata=` to clear it).
  if (value === '' && schema.emptyable === true) return undefined
  if (schema.anyOf != null) {
    let last: unknown = null
    for (const option of schema.anyOf) {
      try { return check(option, value, path) } catch (error) { last = error }
    }
    throw last instanceof Error ? last : new InvalidParamError(path, `Invalid value for ${path}.`)
  }
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') throw new InvalidParamError(path, `Invalid string: ${path}`)
      if (schema.enum != null && !schema.enum.includes(value)) throw new InvalidParamError(path, `Invalid ${path}: must be one of ${schema.enum.join(', ')}`)
      if (schema.maxLength != null && value.length > schema.maxLength) throw new InvalidParamError(path, `Invalid ${path}: must be at most ${schema.maxLength} characters`)
      return value
    }
    case 'integer':
      if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw new InvalidParamError(path, `Invalid integer: ${String(value)}`, 'parameter_invalid_integer')
      return Number(value)
    case 'number':
      if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) throw new InvalidParamError(path, `Invalid decimal: ${String(value)}`)
      return Number(value)
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw new InvalidParamError(path, `Invalid boolean: ${String(value)}`)
      return value === 'true'
    case 'array': {
      const items = Array.isArray(value) ? value : isRecord(value) ? Object.keys(value).sort((a, b) => Number(a) - Number(b)).map((k) => value[k]) : null
      if (items == null) throw new InvalidParamError(path, `Invalid array: ${path}`)
      return items.map((item, i) => schema.items != null ? check(schema.items, item, `${path}[${i}]`) : item)
    }
    case 'object': {
      if (!isRecord(value)) throw new InvalidParamError(path, `Invalid object: ${path}`)
      const out: Record<string, unknown> = {}
      for (const [key, inner] of Object.entries(value)) {
        const prop = schema.properties?.[key]
        const extra = schema.additionalProperties
        const innerSchema = prop ?? (typeof extra === 'object' ? extra : extra === true ? {} : null)
        if (innerSchema == null) throw new InvalidParamError(`${path}[${key}]`, `Received unknown parameter: ${path}[${key}]`, 'parameter_unknown')
        const checked = check(innerSchema, inner, `${path}[${key}]`)
        if (checked !== undefined) out[key] = checked
      }
      for (const name of schema.required ?? []) {
        if (out[name] === undefined) throw new InvalidParamError(`${path}[${name}]`, `Missing required param: ${path}[${name}].`, 'parameter_missing')
      }
      return out
    }
    default:
      return value
  }
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value != null && !Array.isArray(value)
}

/** Decodes Stripe's form encoding (`a[b][0]=c`) into nested objects; arrays stay index-keyed objects until checked. */
export function decodeForm (text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split('[').map((p, i) => i === 0 ? p : p.replace(/\]$/, ''))
    let node = root
    parts.forEach((part, i) => {
      if (i === parts.length - 1) { node[part] = value; return }
      const next = node[part]
      if (!isRecord(next)) node[part] = {}
      node = node[part] as Record<string, unknown>
    })
  }
  return root
}
