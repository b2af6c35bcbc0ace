// The HTTP side of the local cloud's AWS JSON protocol endpoints (EventBridge, KMS, Step Functions): a POST
// whose `x-amz-target` names the operation and whose body is JSON, answered with
// `application/x-amz-json-1.x`. A ServiceError becomes a 400 `{__type, message}`, which the SDK turns into its
// named exception; anything else is a bug, logged and answered with the endpoint's internal-error type.
// The endpoints keep their operations; this module only carries requests to them and answers back.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** An error the endpoint answers with. `type` is the short AWS error code (`__type`). */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export type AwsJsonOperation = (body: unknown) => unknown | Promise<unknown>;

export interface AwsJsonServerOptions {
  /** Names the endpoint in logged internal errors (`kms: internal error: …`). */
  name: string;
  protocolVersion: '1.0' | '1.1';
  host: string;
  /** 0 or omitted → an ephemeral port. */
  port?: number;
  /** Larger bodies are refused with ValidationException. */
  maxBodyBytes: number;
  /** `__type` of the 500 answer, which differs between services. */
  internalErrorType: string;
  log: (message: string) => void;
  /**
   * The operation `x-amz-target` names, or undefined when there is none. Looked up before the body is read,
   * so an unknown operation is refused as such whatever its body; an empty body reaches it as `{}`.
   */
  operation: (target: string) => AwsJsonOperation | undefined;
}

export interface AwsJsonServer {
  url: string;
  close(): Promise<void>;
}

export const serveAwsJson = async (options: AwsJsonServerOptions): Promise<AwsJsonServer> => {
  const { host, maxBodyBytes, log } = options;
  const contentType = `application/x-amz-json-${options.protocolVersion}`;

  const respond = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify(body));
  };

  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBodyBytes) throw new ServiceError('ValidationException', 'Request body too large');
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ServiceError('SerializationException', 'The request body is not valid JSON');
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      const run = options.operation(target);
      if (req.method !== 'POST' || !run)
        throw new ServiceError('UnknownOperationException', `Unknown operation '${target}'`);
      respond(res, 200, await run(await readBody(req)));
    } catch (error) {
      if (error instanceof ServiceError) {
        respond(res, 400, { __type: error.type, message: error.message });
        return;
      }
      log(
        `${options.name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      respond(res, 500, { __type: options.internalErrorType, message: 'Internal failure' });
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
