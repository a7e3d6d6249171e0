import t from 'tap'
import { Type } from 'typebox'
import { validatorCompiler } from '../src/http/validation.js'
import { unsafeTextIssues } from '../src/http/unsafe-text.js'

// Pure functions: no app, no database.
interface Outcome { value?: unknown, error?: { validation: Array<{ instancePath: string, message: string }> } }

const Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  price: Type.Optional(Type.Number()),
  active: Type.Optional(Type.Boolean()),
  tags: Type.Optional(Type.Array(Type.String())),
  sizes: Type.Optional(Type.Array(Type.Integer())),
  page: Type.Optional(Type.Union([Type.Integer(), Type.Literal('last')])),
}, { additionalProperties: false })

function validate (httpPart: string, input: unknown): Outcome {
  const fn = validatorCompiler({ schema: Query, httpPart, method: 'GET', url: '/' }) as (input: unknown) => Outcome
  return fn(input)
}

const failures = (outcome: Outcome): string[] => (outcome.error?.validation ?? []).map((e) => `${e.instancePath} ${e.message}`)

t.test('query strings still convert: decimal integers and numbers, booleans, arrays, defaults', async (t) => {
  t.same(validate('querystring', { limit: '20' }).value, { limit: 20 })
  t.same(validate('querystring', {}).value, { limit: 20 })
  t.same(validate('querystring', { price: '-12.5', active: 'true' }).value, { price: -12.5, active: true, limit: 20 })
  t.same(validate('querystring', { tags: 'a', sizes: '3' }).value, { tags: ['a'], sizes: [3], limit: 20 })
  t.same(validate('querystring', { sizes: ['1', '2'] }).value, { sizes: [1, 2], limit: 20 })
  t.same(validate('querystring', { page: 'last' }).value, { page: 'last', limit: 20 })
  t.same(validate('querystring', { page: '7' }).value, { page: 7, limit: 20 })
  t.same(validate('params', { limit: '9' }).value, { limit: 9 })
})

t.test('a string that is not exactly an integer fails an integer field instead of being truncated', async (t) => {
  for (const text of ['1.5', '', '1e1', ' 2', '0x10', '2.0', '99999999999999999999', '9007199254740993']) {
    t.same(failures(validate('querystring', { limit: text })), ['/limit must be integer'], JSON.stringify(text))
  }
  t.same(failures(validate('querystring', { sizes: ['1', '2.5'] })), ['/sizes/1 must be integer'])
  t.same(failures(validate('querystring', { sizes: '2.5' })), ['/sizes/0 must be integer'])
  t.match(failures(validate('querystring', { page: '4.5' })), ['/page must be integer'])
  t.same(failures(validate('querystring', { price: '1e999' })), ['/price must be number'])
})

t.test('bodies are not converted: a "5" fails an integer field', async (t) => {
  t.same(failures(validate('body', { limit: '5' })), ['/limit must be integer'])
})

t.test('unsafe text: NUL and lone surrogates anywhere are found with escaped pointers; pairs pass', async (t) => {
  t.same(unsafeTextIssues({ title: 'a\u{1F600}b', nested: [{ 'a/b~c': 'x\u0000' }], note: 'ok' }, '/body'), [
    { pointer: '/body/nested/0/a~1b~0c', detail: 'must not contain NUL characters or unpaired UTF-16 surrogates' },
  ])
  t.equal(unsafeTextIssues('\ud800', '/query/q').length, 1, 'a lone high surrogate')
  t.equal(unsafeTextIssues('\udc00x', '/query/q').length, 1, 'a lone low surrogate')
  t.equal(unsafeTextIssues('\udc00\ud800', '/query/q').length, 1, 'a reversed pair is two lone halves')
  t.same(unsafeTextIssues(Buffer.from([0]), '/body'), [], 'a raw body is its route\'s business')
  t.equal(unsafeTextIssues(Array.from({ length: 100 }, () => '\u0000'), '/body').length, 20, 'at most 20 issues')
})
