import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { BlockList, isIP } from 'node:net'
import { AddressRefusedError, InvalidUrlError, UrlNotHttpsError } from './errors.js'

/** What a receiver's address is, for the SSRF rule. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved'

/** Which non-public addresses the store may call (deploy-time options). */
export interface AddressPolicy { allowLoopback: boolean, allowPrivateNetworks: boolean }

function blockList (v4: string[], v6: string[] = []): BlockList {
  const list = new BlockList()
  for (const cidr of v4) { const [net, bits] = cidr.split('/'); list.addSubnet(net as string, Number(bits), 'ipv4') }
  for (const cidr of v6) { const [net, bits] = cidr.split('/'); list.addSubnet(net as string, Number(bits), 'ipv6') }
  return list
}

// Built per guard, not at module level (no shared mutable state). IPv4 rules also match IPv4-mapped IPv6 (::ffff:a.b.c.d).
function kinds (): Array<[Exclude<AddressKind, 'public'>, BlockList]> {
  return [
    ['loopback', blockList(['127.0.0.0/8'], ['::1/128'])],
    ['link-local', blockList(['169.254.0.0/16'], ['fe80::/10'])],
    ['private', blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '198.18.0.0/15'], ['fc00::/7', '64:ff9b::/96'])],
    ['reserved', blockList(['0.0.0.0/8', '192.0.0.0/24', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4'], ['::/128', 'ff00::/8', '2001:db8::/32', '100::/64'])],
  ]
}

/** The SSRF guard: classifies addresses, checks URLs, and a `lookup` that refuses at connect time. */
export function createAddressGuard (policy: AddressPolicy) {
  const lists = kinds()

  function kindOf (address: string): AddressKind {
    const family = isIP(address)
    if (family === 0) return 'reserved'
    for (const [kind, list] of lists) if (list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return kind
    return 'public'
  }

  function isAllowed (kind: AddressKind): boolean {
    if (kind === 'public') return true
    if (kind === 'loopback') return policy.allowLoopback
    if (kind === 'private' || kind === 'link-local') return policy.allowPrivateNetworks
    return false
  }

  /** Throws AddressRefusedError unless the address may be called. */
  function checkAddress (host: string, address: string): void {
    const kind = kindOf(address)
    if (!isAllowed(kind)) throw new AddressRefusedError(host, kind)
  }

  /** `[::1]` → `::1`: URL keeps IPv6 literals bracketed. */
  const bare = (hostname: string): string => hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
  const isLocalhostName = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost')

  /**
   * Parses and checks an endpoint URL: absolute https (http only to loopback, when allowed), no
   * credentials, and no address literal (or `localhost`) the policy refuses. Names are resolved
   * and checked at each connection, not here (DNS can change in between).
   */
  function checkUrl (text: string): URL {
    let url: URL
    try { url = new URL(text) } catch { throw new InvalidUrlError('Not an absolute URL') }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidUrlError('Only http(s) URLs can receive webhooks')
    if (url.username !== '' || url.password !== '') throw new InvalidUrlError('Put no credentials in the URL: verify the signature instead')
    if (url.hash !== '') throw new InvalidUrlError('A URL fragment is never sent: remove it')
    const host = bare(url.hostname.toLowerCase())
    const literal = isIP(host) !== 0
    const loopback = literal ? kindOf(host) === 'loopback' : isLocalhostName(host)
    if (literal) checkAddress(host, host)
    else if (loopback && !policy.allowLoopback) throw new AddressRefusedError(host, 'loopback')
    if (url.protocol === 'http:' && !(loopback && policy.allowLoopback)) throw new UrlNotHttpsError()
    return url
  }

  /**
   * A `dns.lookup` for `http.request`: resolves every address and refuses the connection if any is
   * not allowed, so a name that re-resolves to an internal address (DNS rebinding) is caught at connect.
   */
  function lookup (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error != null) { callback(error, []); return }
      try {
        if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' })
        for (const a of addresses) checkAddress(hostname, a.address)
      } catch (refused) {
        callback(refused as NodeJS.ErrnoException, []); return
      }
      if (options.all === true) callback(null, addresses)
      else callback(null, (addresses[0] as LookupAddress).address, (addresses[0] as LookupAddress).family)
    })
  }

  return { kindOf, checkAddress, checkUrl, lookup, bare }
}

export type AddressGuard = ReturnType<typeof createAddressGuard>
