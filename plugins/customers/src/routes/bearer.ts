import { CustomerSignInRequiredError } from '../errors.js'

/** The bearer token a /store request came with (the kernel has already verified it). */
export function bearerTokenOf (request: { headers: { authorization?: string } }): string {
  const match = /^Bearer +(\S{1,512})\s*$/i.exec(request.headers.authorization ?? '')
  if (match?.[1] == null) throw new CustomerSignInRequiredError()
  return match[1]
}
