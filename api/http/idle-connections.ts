// How long the server keeps an idle keep-alive connection open. Node closes one after 5 s, and a client
// (a reverse proxy's upstream pool, an HTTP library's agent) that sends its next request on it as it
// closes gets the connection reset instead of an answer. Proxies keep idle upstream connections for up
// to about a minute (nginx's default is 60 s), so the server waits longer than that, and its header
// timeout stays above its keep-alive timeout as Node requires.
export const IDLE_CONNECTION_MS = 65_000

export function keepIdleConnections(server: { keepAliveTimeout: number; headersTimeout: number }): void {
  server.keepAliveTimeout = IDLE_CONNECTION_MS
  server.headersTimeout = IDLE_CONNECTION_MS + 1_000
}
