import { inTransaction, isUniqueViolation, type Cradle, type Ctx } from '@comptoir/core'
import { AttributeKeyTakenError, CrmNotFoundError, InvalidAttributeValueError } from '../errors.js'
import { iso } from '../rows.js'
import type { AttributeDefinition, AttributeDefinitionInput, AttributeDefinitionList, AttributeType, AttributeValue } from '../schemas/index.js'
import { checkCustomer } from './lookups.js'
import { ensureProfiles } from './profile-rows.js'

interface DefinitionRow { key: string, label: string, type: AttributeType, options: string[] | string, created_at: Date }
export interface ValueRow { key: string, type: AttributeType, value_text: string | null, value_number: string | number | null, value_date: string | null, value_boolean: boolean | null }

function toDefinition (row: DefinitionRow): AttributeDefinition {
  return { key: row.key, label: row.label, type: row.type, options: typeof row.options === 'string' ? JSON.parse(row.options) as string[] : row.options, createdAt: iso(row.created_at) }
}

/** A stored value as the API shows it: numbers as numbers, dates as YYYY-MM-DD (read with to_char, never a JS Date). */
export function valueOf (row: ValueRow): AttributeValue {
  switch (row.type) {
    case 'number': return Number(row.value_number)
    case 'boolean': return row.value_boolean === true
    case 'date': return String(row.value_date)
    default: return row.value_text ?? ''
  }
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/

/** The typed column for a value of `definition`; throws CRM_INVALID_ATTRIBUTE_VALUE when it does not fit. */
export function columnsFor (definition: AttributeDefinition, value: AttributeValue): Record<string, unknown> {
  const fail = (detail: string): never => { throw new InvalidAttributeValueError(definition.key, definition.type, detail) }
  const empty = { value_text: null, value_number: null, value_date: null, value_boolean: null }
  switch (definition.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('expected a number')
      return { ...empty, value_number: value }
    case 'boolean':
      if (typeof value !== 'boolean') return fail('expected true or false')
      return { ...empty, value_boolean: value }
    case 'date': {
      if (typeof value !== 'string' || !datePattern.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
        new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) return fail('expected a date YYYY-MM-DD')
      return { ...empty, value_date: value }
    }
    case 'enum':
      if (typeof value !== 'string' || !definition.options.includes(value)) return fail(`expected one of ${definition.options.join(', ')}`)
      return { ...empty, value_text: value }
    default:
      if (typeof value !== 'string' || value.length === 0) return fail('expected a non-empty string')
      return { ...empty, value_text: value }
  }
}

/** Custom attribute definitions (typed: text, number, date, boolean, enum) and customers' values. */
export function createAttributesService ({ customers }: Cradle) {
  async function definition (ctx: Ctx, key: string): Promise<AttributeDefinition> {
    const row = await ctx.db('crm_attribute_definitions').select('key', 'label', 'type', 'options', 'created_at').where({ key }).first() as DefinitionRow | undefined
    if (row == null) throw new CrmNotFoundError('attribute', key)
    return toDefinition(row)
  }

  return {
    definition,

    async listDefinitions (ctx: Ctx): Promise<AttributeDefinitionList> {
      const rows = await ctx.db('crm_attribute_definitions').select('key', 'label', 'type', 'options', 'created_at').orderBy('key') as DefinitionRow[]
      return { items: rows.map(toDefinition) }
    },

    /** Defines an attribute; an enum needs its options, other types take none. */
    async define (ctx: Ctx, input: AttributeDefinitionInput): Promise<AttributeDefinition> {
      if (input.type === 'enum' && (input.options == null || input.options.length === 0)) throw new InvalidAttributeValueError(input.key, 'enum', 'an enum needs options')
      if (input.type !== 'enum' && input.options != null) throw new InvalidAttributeValueError(input.key, input.type, 'only an enum takes options')
      try {
        const [row] = await ctx.db('crm_attribute_definitions')
          .insert({ key: input.key, label: input.label, type: input.type, options: JSON.stringify(input.options ?? []) })
          .returning(['key', 'label', 'type', 'options', 'created_at']) as DefinitionRow[]
        return toDefinition(row!)
      } catch (error) {
        if (isUniqueViolation(error, 'crm_attribute_definitions_pkey')) throw new AttributeKeyTakenError(input.key, error)
        throw error
      }
    },

    /** Sets a customer's value of an attribute, validated against its type. */
    async setValue (ctx: Ctx, customerId: string, key: string, value: AttributeValue): Promise<{ key: string, value: AttributeValue }> {
      await checkCustomer(customers, ctx, customerId)
      return await inTransaction(ctx, async (tx) => {
        const def = await definition(tx, key)
        const columns = columnsFor(def, value)
        await ensureProfiles(tx, [customerId])
        await tx.db('crm_attribute_values').insert({ customer_id: customerId, key, ...columns })
          .onConflict(['customer_id', 'key']).merge({ ...columns, updated_at: tx.db.fn.now() })
        return { key, value: def.type === 'number' ? Number(value) : value }
      })
    },

    async removeValue (ctx: Ctx, customerId: string, key: string): Promise<void> {
      await definition(ctx, key)
      await ctx.db('crm_attribute_values').where({ customer_id: customerId, key }).delete()
    },

    /** A customer's values, by key. */
    async valuesOf (ctx: Ctx, customerId: string): Promise<Record<string, AttributeValue>> {
      const rows = await ctx.db('crm_attribute_values as v').join('crm_attribute_definitions as d', 'd.key', 'v.key')
        .select('v.key', 'd.type', 'v.value_text', 'v.value_number', 'v.value_boolean', ctx.db.raw("to_char(v.value_date, 'YYYY-MM-DD') as value_date")).where({ 'v.customer_id': customerId }) as ValueRow[]
      return Object.fromEntries(rows.map((row) => [row.key, valueOf(row)]))
    },
  }
}

export type AttributesService = ReturnType<typeof createAttributesService>
