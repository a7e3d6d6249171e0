import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import Value from 'typebox/value'
import { Format, registerAjvFormats } from '@fastify/type-provider-typebox'
import type { ValidationIssue } from '../errors.js'

registerAjvFormats()
// ISO 8601 has a year 0000; PostgreSQL does not (a valid-looking date would reach it and fail).
for (const name of ['date-time', 'date', 'iso-date-time', 'iso-date']) {
  const check = Format.Get(name)
  if (check != null) Format.Set(name, (value) => !value.startsWith('0000') && check(value))
}

interface TypeBoxIssue { keyword: string, schemaPath: string, instancePath: string, params: Record<string, unknown>, message: string }

interface SchemaNode { type?: unknown, properties?: Record<string, SchemaNode>, items?: SchemaNode, anyOf?: SchemaNode[], oneOf?: SchemaNode[], allOf?: SchemaNode[] }

// What a query, param or header string must look like to become a number. TypeBox's Convert is
// lax ("1.5" -> 1 for an integer, "" -> 0, "0x10" -> 16, " 2" -> 2): those stay strings and fail,
// as do integers past 2^53 (not exact; and past any SQL integer column).
const integerText = /^-?\d{1,16}$/
const numberText = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/

function isExactNumber (kind: 'number' | 'integer', text: string, value: number): boolean {
  return kind === 'integer' ? integerText.test(text) && Number.isSafeInteger(value) : numberText.test(text) && Number.isFinite(value)
}

function numericKind (schema: SchemaNode | undefined): 'number' | 'integer' | null {
  if (schema == null) return null
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types.includes('number')) return 'number'
  let kind: 'number' | 'integer' | null = types.includes('integer') ? 'integer' : null
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    const found = numericKind(branch)
    if (found === 'number') return 'number'
    kind ??= found
  }
  return kind
}

function mentionsNumbers (schema: SchemaNode | undefined): boolean {
  if (schema == null) return false
  if (numericKind(schema) != null) return true
  return Object.values(schema.properties ?? {}).some(mentionsNumbers) || mentionsNumbers(schema.items)
}

/** Puts back each original string that Convert turned into a number without being one. */
function undoLooseNumbers (schema: SchemaNode | undefined, original: unknown, converted: unknown): unknown {
  if (schema == null) return converted
  if (typeof original === 'string') {
    if (Array.isArray(converted) && converted.length === 1) return [undoLooseNumbers(schema.items, original, converted[0])]
    if (typeof converted !== 'number') return converted
    const kind = numericKind(schema)
    return kind == null || isExactNumber(kind, original, converted) ? converted : original
  }
  if (Array.isArray(original) && Array.isArray(converted) && original.length === converted.length) {
    return converted.map((item, i) => undoLooseNumbers(schema.items, original[i], item))
  }
  if (schema.properties != null && original != null && typeof original === 'object' && converted != null && typeof converted === 'object') {
    const result: Record<string, unknown> = { ...(converted as Record<string, unknown>) }
    for (const [name, property] of Object.entries(schema.properties)) {
      if (name in result) result[name] = undoLooseNumbers(property, (original as Record<string, unknown>)[name], result[name])
    }
    return result
  }
  return converted
}

/**
 * Validates with compiled TypeBox checks. Params, query and headers are converted from strings
 * (numbers only from decimal text: "1.5" fails an integer); bodies are not (a "5" stays a string
 * and fails an integer field). Defaults are applied; unknown fields are rejected, never stripped.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  // Compiled on the route's first request, not at boot: a store has hundreds of schemas and a
  // process (a worker, a test) meets few of them.
  let check: ReturnType<typeof Compile> | null = null
  const strictNumbers = mentionsNumbers(schema as SchemaNode)
  return (input: unknown) => {
    check ??= Compile(schema)
    const converted = httpPart === 'body'
      ? input
      // Convert works in place: keep the original strings to compare with.
      : strictNumbers ? undoLooseNumbers(schema as SchemaNode, structuredClone(input), Value.Convert(schema, input)) : Value.Convert(schema, input)
    const value = Value.Default(schema, converted)
    if (check.Check(value)) return { value }
    const error = Object.assign(new Error('validation failed'), { validation: check.Errors(value) })
    return { error }
  }
}

/** Turns TypeBox issues into JSON pointers into the request (`/body/address/city`). */
export function toValidationIssues (part: string, issues: readonly TypeBoxIssue[]): ValidationIssue[] {
  const result: ValidationIssue[] = []
  for (const issue of issues) {
    const at = `/${part}${issue.instancePath}`
    if (issue.keyword === 'required' && Array.isArray(issue.params.requiredProperties)) {
      for (const name of issue.params.requiredProperties) result.push({ pointer: `${at}/${String(name)}`, detail: 'is required' })
    } else if (issue.keyword === 'additionalProperties' && Array.isArray(issue.params.additionalProperties)) {
      for (const name of issue.params.additionalProperties) result.push({ pointer: `${at}/${String(name)}`, detail: 'is not an accepted field' })
    } else if (issue.keyword === 'boolean' && issue.schemaPath.endsWith('/additionalProperties')) {
      continue // reported once above, under additionalProperties
    } else {
      result.push({ pointer: at, detail: issue.message })
    }
  }
  return result
}
