import t from 'tap'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import greetings from '@comptoir-fixtures/plugin-greetings'

// Issue #25 item 5: every error a client can cause is problem+json with a stable code, and
// nothing of the request is echoed back. No route reaches the database: one engine is enough.
const dbs = createTestDatabases(t)
const messagesUrl = '/store/greetings/messages'

interface RawResponse { status: number, headers: Record<string, string>, body: string }

/** Sends bytes on a fresh connection and reads until the server closes it. */
async function rawRequest (port: number, bytes: Buffer): Promise<RawResponse> {
  const socket = connect(port, '127.0.0.1')
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => { chunks.push(chunk) })
  socket.on('error', () => {}) // the server may reset while we are still writing
  socket.write(bytes)
  await new Promise((resolve) => socket.on('close', resolve))
  const text = Buffer.concat(chunks).toString('utf8')
  const [head, ...rest] = text.split('\r\n\r\n')
  const [statusLine, ...headerLines] = head.split('\r\n')
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') }
}

const isProblem = (contentType: unknown): boolean => String(contentType).startsWith('application/problem+json')

t.test('client errors', async (t) => {
  const app = await dbs.app(t, testEngines()[0], { plugins: [greetings], http: { bodyLimit: 1024 } })

  t.test('a malformed percent-encoding in the path is a 400 CORE_MALFORMED_REQUEST without the URL', async (t) => {
    const res = await app.inject({ method: 'GET', url: `${messagesUrl}/%` })
    t.equal(res.statusCode, 400)
    t.ok(isProblem(res.headers['content-type']))
    const problem = res.json<Record<string, unknown>>()
    t.match(problem, { code: 'CORE_MALFORMED_REQUEST', status: 400, type: 'https://comptoir.dev/problems/core-malformed-request', requestId: String })
    t.notOk('instance' in problem, 'the bad URL is not echoed')
    t.equal(res.headers['x-request-id'], problem.requestId)
  })

  t.test('an 8 KiB path segment is a 414 CORE_URI_TOO_LONG, a short answer without it', async (t) => {
    const segment = 'a'.repeat(8192)
    const res = await app.inject({ method: 'GET', url: `${messagesUrl}/${segment}` })
    t.equal(res.statusCode, 414)
    t.ok(isProblem(res.headers['content-type']))
    t.match(res.json(), { code: 'CORE_URI_TOO_LONG', status: 414 })
    t.ok(res.body.length < 400, `${res.body.length} bytes`)
    t.notMatch(res.body, 'aaaaaaaa')
  })

  t.test('a 255-character param (a long handle or job id) still reaches its route', async (t) => {
    const res = await app.inject({ method: 'GET', url: `${messagesUrl}/${'b'.repeat(255)}` })
    t.equal(res.statusCode, 400, 'the route schema answers (not a uuid), not the router')
    t.match(res.json(), { code: 'CORE_VALIDATION', errors: [{ pointer: '/params/messageId' }] })
  })

  t.test('an unknown route is a 404 CORE_ROUTE_NOT_FOUND that echoes neither method nor a long path', async (t) => {
    const short = await app.inject({ method: 'DELETE', url: '/store/nowhere' })
    t.equal(short.statusCode, 404)
    t.match(short.json(), { code: 'CORE_ROUTE_NOT_FOUND', instance: '/store/nowhere', detail: 'No route of this store matches this method and path' })
    const long = await app.inject({ method: 'GET', url: `/store/${'z'.repeat(8192)}` })
    t.equal(long.statusCode, 404)
    t.notMatch(long.body, 'zzzzzzzz')
  })

  t.test('invalid JSON, an empty JSON body, another media type and a body over the limit are problems with CORE_ codes', async (t) => {
    const json = { 'content-type': 'application/json' }
    const cases = [
      { headers: json, payload: '{"slug":', status: 400, code: 'CORE_MALFORMED_REQUEST' },
      { headers: json, payload: '', status: 400, code: 'CORE_MALFORMED_REQUEST' },
      { headers: json, payload: '{"__proto__":{"x":1}}', status: 400, code: 'CORE_MALFORMED_REQUEST' },
      { headers: { 'content-type': 'application/xml' }, payload: '<a/>', status: 415, code: 'CORE_UNSUPPORTED_MEDIA_TYPE' },
      { headers: json, payload: JSON.stringify({ slug: 'x'.repeat(2048) }), status: 413, code: 'CORE_PAYLOAD_TOO_LARGE' },
    ]
    for (const c of cases) {
      const res = await app.inject({ method: 'POST', url: messagesUrl, headers: c.headers, payload: c.payload })
      t.equal(res.statusCode, c.status, c.code)
      t.ok(isProblem(res.headers['content-type']), `${c.code} is problem+json`)
      t.match(res.json(), { code: c.code, status: c.status, requestId: String })
    }
  })

  t.test('what Node\'s HTTP parser refuses is answered with problem+json on the socket', async (t) => {
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const cases = [
      { name: 'a raw non-ASCII byte in the request line', bytes: Buffer.concat([Buffer.from('GET /store/caf'), Buffer.from([0xe9]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]), status: 400, code: 'CORE_MALFORMED_REQUEST' },
      { name: 'an unknown method', bytes: Buffer.from('BREW /store/greetings/messages HTTP/1.1\r\nHost: x\r\n\r\n'), status: 400, code: 'CORE_MALFORMED_REQUEST' },
      { name: 'a garbled request line', bytes: Buffer.from('hello\r\n\r\n'), status: 400, code: 'CORE_MALFORMED_REQUEST' },
      { name: '20 KiB of headers', bytes: Buffer.from(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20 * 1024)}\r\n\r\n`), status: 431, code: 'CORE_HEADERS_TOO_LARGE' },
    ]
    for (const c of cases) {
      const res = await rawRequest(port, c.bytes)
      t.equal(res.status, c.status, c.name)
      t.ok(isProblem(res.headers['content-type']), `${c.name}: problem+json`)
      const problem = JSON.parse(res.body) as Record<string, unknown>
      t.match(problem, { code: c.code, status: c.status, title: String, requestId: String }, c.name)
      t.equal(res.headers['x-request-id'], problem.requestId)
      t.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body), `${c.name}: complete body`)
      t.notMatch(res.body, /caf|BREW|hello|hhhh/, `${c.name}: nothing echoed`)
    }
    const fine = await rawRequest(port, Buffer.from('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))
    t.equal(fine.status, 200, 'a well-formed request on the same server still works')
  })
})
