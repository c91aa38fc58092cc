import http from 'node:http';

/** A small keep-alive HTTP client: the measured time is request written → body fully read. */
export interface HttpResult {
  status: number;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
  millis: number;
}

export interface HttpRequest {
  method?: string;
  path: string;
  token?: string | undefined;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Discard the body (large downloads): only its length is kept. */
  discardBody?: boolean;
}

export function createClient(baseUrl: string, sockets: number) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  function request(req: HttpRequest): Promise<HttpResult & { bytes: number }> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      const r = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: req.method ?? 'GET',
          path: req.path,
          agent,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (!req.discardBody) chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks),
              headers: res.headers,
              millis: performance.now() - started,
              bytes,
            }),
          );
          res.on('error', reject);
        },
      );
      r.on('error', reject);
      if (req.body !== undefined) r.end(req.body);
      else r.end();
    });
  }
  return {
    request,
    async json<T>(req: HttpRequest): Promise<{ status: number; body: T; millis: number }> {
      const res = await request(req);
      const text = res.body.toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text for the error message
      }
      return { status: res.status, body: body as T, millis: res.millis };
    },
    close: () => agent.destroy(),
  };
}

export type HttpClient = ReturnType<typeof createClient>;
