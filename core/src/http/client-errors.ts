import { randomUUID } from 'node:crypto'
import { STATUS_CODES, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { HeadersTooLargeError, MalformedRequestError, RequestTimeoutError, type HttpError } from '../errors.js'
import { problemType, type Problem } from './problem.js'

function typedClientError (error: Error & { code?: string }): HttpError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW': return new HeadersTooLargeError('The request line and headers exceed the size limit')
    case 'ERR_HTTP_REQUEST_TIMEOUT': return new RequestTimeoutError('The request did not arrive in full in time')
    default: return new MalformedRequestError('The request is not valid HTTP/1.1 (request line, method or headers)')
  }
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser rejects before Fastify sees a request
 * (a raw non-ASCII byte in the request line, an unknown method, headers over the size limit)
 * gets a problem+json response written on the socket, which is then closed. Nothing of the
 * request is echoed: there is no parsed request to take it from.
 */
export function writeClientError (this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer (https://nodejs.org/api/http.html#event-clienterror).
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const typed = typedClientError(error)
  const problem: Problem = {
    type: problemType(typed.code),
    title: typed.title,
    status: typed.status,
    detail: typed.message,
    code: typed.code,
    requestId: randomUUID(),
  }
  this.log.info({ code: typed.code, status: typed.status, requestId: problem.requestId, parserError: error.code }, typed.message)
  // As Node does: answer only if no response has started on this connection.
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
  if (socket.writable && pending?.headersSent !== true) {
    const body = JSON.stringify(problem)
    socket.write(`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${problem.requestId}\r\n` +
      `Connection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}
