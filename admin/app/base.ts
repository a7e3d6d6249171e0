// Where the app is mounted (the admin plugin's `path` option, /app by default), read from this
// module's own URL: the built entry lives at <base>/assets/, this file in dev at <base>/app/.
// The server rewrites index.html's links for another path; chunks load relative to each other.
// (Not `new URL('..', import.meta.url)`: Vite would resolve that at build time as an asset.)
export const appBase = new URL(import.meta.url).pathname.split('/').slice(0, -2).join('/')
