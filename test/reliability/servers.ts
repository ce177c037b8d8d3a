import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A host that accepts connections and never says a word. */
export async function silentHost(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A small HTTP proxy on 127.0.0.1 that logs what it is asked: absolute-form requests (`GET http://…`) are
 * forwarded, `CONNECT host:port` is tunnelled.
 */
export class LoggingProxy {
  readonly log: string[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    return `http://127.0.0.1:${address?.port ?? 0}`;
  }

  async start(): Promise<this> {
    const server = createHttpServer((request, response) => {
      this.log.push(`${request.method} ${request.url}`);
      const target = new URL(request.url ?? '');
      const upstream = httpRequest(target, { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
    server.on('connect', (request, client: Socket, head: Buffer) => {
      this.log.push(`CONNECT ${request.url}`);
      const [host = '', port = ''] = (request.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
      }
    });
    server.on('connection', (socket: Socket) => this.sockets.add(socket));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
