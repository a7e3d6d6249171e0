import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { contentTypeOf } from './content-types.js'

/** A file found under a served folder. */
export interface FoundFile { path: string, size: number, mtimeMs: number }

/**
 * The relative path of a request as safe segments, or null when it could leave the folder or name
 * something not meant to be served: `..` and `.` segments, dotfiles (`.env`), backslashes, NUL,
 * empty segments (`a//b`) or an absolute path. Fastify has already percent-decoded it.
 */
export function safeRelativePath (requested: string): string | null {
  if (requested === '') return ''
  if (requested.length > 512 || /[\\\0]/.test(requested) || requested.startsWith('/')) return null
  const segments = requested.split('/')
  // A trailing slash (a folder URL) is fine; every other segment must be a plain name.
  if (segments.at(-1) === '') segments.pop()
  if (segments.some((s) => s === '' || s.startsWith('.') || s.includes(':'))) return null
  return segments.join('/')
}

/**
 * Looks a relative path up in `root` and answers the file, or null. The resolved real path (after
 * symlinks) must stay inside the real root, so a link out of the folder is not followed.
 */
export async function findFile (root: string, requested: string): Promise<FoundFile | null> {
  const rel = safeRelativePath(requested)
  if (rel == null || rel === '') return null
  try {
    const realRoot = await realpath(root)
    const path = await realpath(join(realRoot, ...rel.split('/')))
    const inside = relative(realRoot, path)
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null
    const info = await stat(path)
    if (!info.isFile()) return null
    return { path, size: info.size, mtimeMs: info.mtimeMs }
  } catch {
    return null // ENOENT, ENOTDIR, EACCES: not there as far as a browser is concerned
  }
}

/** A validator for the file's version: size and modification time (what nginx sends too). */
export function etagOf (file: FoundFile): string {
  return `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`
}

/** Sends a file with its type, length, validator and caching; 304 when the browser's copy is current. */
export async function sendFile (request: FastifyRequest, reply: FastifyReply, file: FoundFile, cacheControl: string): Promise<FastifyReply> {
  const etag = etagOf(file)
  reply.header('cache-control', cacheControl)
  reply.header('etag', etag)
  reply.header('last-modified', new Date(file.mtimeMs).toUTCString())
  if (request.headers['if-none-match'] === etag) return await reply.code(304).send()
  reply.header('content-type', contentTypeOf(file.path))
  reply.header('content-length', file.size)
  if (request.method === 'HEAD') return await reply.send()
  return await reply.send(createReadStream(file.path))
}
