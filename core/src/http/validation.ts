import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import Value from 'typebox/value'
import { registerAjvFormats } from '@fastify/type-provider-typebox'
import type { ValidationIssue } from '../errors.js'

registerAjvFormats()

interface TypeBoxIssue { keyword: string, schemaPath: string, instancePath: string, params: Record<string, unknown>, message: string }

/**
 * Validates with compiled TypeBox checks. Params, query and headers are converted from strings;
 * bodies are not (a "5" stays a string and fails an integer field). Defaults are applied;
 * unknown fields are rejected, never stripped.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  return (input: unknown) => {
    const converted = httpPart === 'body' ? input : Value.Convert(schema, input)
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
