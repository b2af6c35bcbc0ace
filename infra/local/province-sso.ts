// A stand-in for a province's unified identity authentication (统一身份认证), speaking the ticket-based single
// sign-on the sign-in function's ticket adapter expects: GET /login?appId=&service= shows the seeded
// jurisdiction's demo people and staff; picking one redirects to `service` with a one-time `ticket`
// (valid 5 minutes, for that service only); POST /ticket/exchange — a server-side call with the
// application's access code — answers the verified identity once. The access code is made per start and
// handed to the sign-in function as its secret, as a deployment would.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as z from 'zod';
import { escapeHtml } from '../../functions/sign-in/pages.ts';
import { idNumberCheckChar } from '../../shared/id-number.ts';
import { demoUsers } from './demo-users.ts';
import { loopback } from './ports.ts';

/** What the province knows of each demo account: its own id, verified mobile and assurance grade. */
const provinceAccounts = [
  { key: 'citizen', uid: 'zj-0001', mobile: '13800000001', authLevel: 3 },
  { key: 'citizen2', uid: 'zj-0002', mobile: '13800000002', authLevel: 2 },
  { key: 'agent', uid: 'zj-0003', mobile: '13800000003', authLevel: 3 },
  { key: 'enterprise', uid: 'zj-c-0001', mobile: undefined, authLevel: 3 },
  { key: 'clerk', uid: 'zj-s-0001', mobile: '13900000001', authLevel: 3 },
  { key: 'reviewer', uid: 'zj-s-0002', mobile: '13900000002', authLevel: 3 },
  { key: 'admin', uid: 'zj-s-0003', mobile: '13900000003', authLevel: 3 },
  { key: 'reviewer2', uid: 'zj-s-0004', mobile: '13900000004', authLevel: 3 },
  { key: 'reviewer3', uid: 'zj-s-0005', mobile: '13900000005', authLevel: 3 },
  { key: 'supervisor', uid: 'zj-s-0006', mobile: '13900000006', authLevel: 3 },
  { key: 'reviewer4', uid: 'zj-s-0007', mobile: '13900000007', authLevel: 3 },
  { key: 'reviewer5', uid: 'zj-s-0008', mobile: '13900000008', authLevel: 3 },
  { key: 'reviewer6', uid: 'zj-s-0009', mobile: '13900000009', authLevel: 3 },
] as const;

/** A staff member's resident ID number is the province's business, not tongban's demo data: made up here. */
const staffIdNumber = (uid: string) => {
  // A sequence number from the account, never 000, and the check character GB 11643 gives it.
  const sequence = String((createHash('sha256').update(uid).digest().readUInt16BE(0) % 999) + 1).padStart(
    3,
    '0',
  );
  const body = `33090219800101${sequence}`;
  return body + idNumberCheckChar(body);
};

const userOf = (key: (typeof provinceAccounts)[number]) => {
  const demo = demoUsers[key.key];
  if (demo.role === 'enterprise' && 'creditCode' in demo) {
    const operator = demoUsers.agent;
    return {
      type: 'legal' as const,
      uid: key.uid,
      corpName: demo.name,
      creditCode: demo.creditCode,
      operatorName: operator.name,
      operatorCertNo: operator.idNumber,
      operatorRole: 'agent' as const,
      authLevel: key.authLevel,
    };
  }
  return {
    type: 'natural' as const,
    uid: key.uid,
    name: demo.name,
    certNo: 'idNumber' in demo ? demo.idNumber : staffIdNumber(key.uid),
    ...(key.mobile ? { mobile: key.mobile } : {}),
    authLevel: key.authLevel,
  };
};

/**
 * The demo staff as the province knows them, with the role and department the seeded jurisdiction grants
 * each (infra/local/seed.ts), so they can work their queues in the portal right after `npm start`.
 */
export const provinceStaff = () =>
  provinceAccounts.flatMap((account) => {
    const demo = demoUsers[account.key];
    if (!('department' in demo)) return [];
    const person = userOf(account);
    if (person.type !== 'natural') return [];
    return [
      {
        key: account.key,
        role: demo.role,
        department: demo.department,
        identity: {
          kind: 'person' as const,
          upstreamId: person.uid,
          name: person.name,
          idNumber: person.certNo,
          ...(person.mobile ? { mobile: person.mobile } : {}),
          level: 'L3' as const,
        },
      },
    ];
  });

const exchangeSchema = z.object({
  appId: z.string(),
  accessCode: z.string(),
  ticket: z.string(),
  service: z.string(),
});

const ticketLifetimeMs = 5 * 60_000;

export interface ProvinceSso {
  url: string;
  /** The access code tongban's sign-in function must present. */
  accessCode: string;
  /** Demo accounts by key, as listed on the login page. */
  accounts: readonly string[];
  close(): Promise<void>;
}

export const startProvinceSso = async (options: {
  appId: string;
  name: string;
  log?: (line: string) => void;
}): Promise<ProvinceSso> => {
  const accessCode = randomBytes(24).toString('base64url');
  const tickets = new Map<string, { key: string; service: string; expires: number }>();
  const log = options.log ?? (() => undefined);

  const send = (res: ServerResponse, status: number, type: string, body: string, headers = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

  const validService = (service: string | null) => {
    if (!service) return undefined;
    try {
      const url = new URL(service);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
    } catch {
      return undefined;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://province');
    if (req.method === 'GET' && url.pathname === '/login') {
      const service = validService(url.searchParams.get('service'));
      if (url.searchParams.get('appId') !== options.appId || !service)
        return send(res, 400, 'text/plain; charset=utf-8', 'unknown application or return address');
      const pick = url.searchParams.get('user');
      if (pick) {
        const account = provinceAccounts.find((a) => a.key === pick);
        if (!account) return send(res, 404, 'text/plain; charset=utf-8', 'no such account');
        const ticket = `ST-${randomBytes(18).toString('base64url')}`;
        tickets.set(ticket, {
          key: account.key,
          service: service.href,
          expires: Date.now() + ticketLifetimeMs,
        });
        service.searchParams.set('ticket', ticket);
        return send(res, 302, 'text/plain; charset=utf-8', '', { location: service.href });
      }
      const links = provinceAccounts
        .map((a) => {
          const demo = demoUsers[a.key];
          const href = new URL(url.href);
          href.searchParams.set('user', a.key);
          const grade = a.authLevel === 3 ? '实人 face-verified' : '实名 real-name';
          return `<li><a data-user="${a.key}" href="${escapeHtml(`${href.pathname}${href.search}`)}">${escapeHtml(demo.name)}</a> · ${escapeHtml(demo.role)} · ${grade}</li>`;
        })
        .join('');
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(options.name)}（模拟）</title></head><body><h1>${escapeHtml(options.name)}（本地模拟 simulated）</h1><p>选择一位演示用户登录 Pick a demo person:</p><ul>${links}</ul></body></html>`,
      );
    }
    if (req.method === 'POST' && url.pathname === '/ticket/exchange') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return json(res, 400, { result: 'failure', message: 'malformed request' });
      }
      const input = exchangeSchema.safeParse(body);
      if (!input.success) return json(res, 400, { result: 'failure', message: 'malformed request' });
      const given = Buffer.from(input.data.accessCode);
      const expected = Buffer.from(accessCode);
      if (
        input.data.appId !== options.appId ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      )
        return json(res, 403, { result: 'failure', message: 'application not authorised' });
      const entry = tickets.get(input.data.ticket);
      tickets.delete(input.data.ticket);
      if (!entry || entry.expires < Date.now() || entry.service !== withoutTicket(input.data.service))
        return json(res, 200, { result: 'failure', message: 'ticket invalid or already used' });
      const account = provinceAccounts.find((a) => a.key === entry.key)!;
      log(`province sso: ticket exchanged for ${account.uid}`);
      return json(res, 200, { result: 'success', user: userOf(account) });
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${loopback}:${port}`,
    accessCode,
    accounts: provinceAccounts.map((a) => a.key),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** The service a ticket was issued for is the return URL as sent, before the ticket was added. */
const withoutTicket = (service: string) => {
  try {
    const url = new URL(service);
    url.searchParams.delete('ticket');
    return url.href;
  } catch {
    return service;
  }
};
