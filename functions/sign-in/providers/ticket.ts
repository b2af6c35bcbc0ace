// A province's ticket-based single sign-on (统一身份认证 as most provinces offer it): the browser goes to the
// province's login page with tongban's return URL (`service`); after sign-in the province sends it back
// with a one-time `ticket`; tongban's server exchanges the ticket, with its application code and access
// code, for the verified identity. The ticket proves nothing until the province confirms it server-side.
//
// The exchange answers `{result: 'success', user}` or `{result: 'failure', message}`. `user.type` is
// `natural` (certNo is the resident ID number) or `legal` (the enterprise with the operator acting for it);
// `authLevel` is the province's grade of the sign-in: 2 实名 real-name, 3 实人 face-verified, 4/5 in person
// or by certificate (1, registered only, is refused: nothing has been verified).
import * as z from 'zod';
import type { AssuranceLevel, VerifiedIdentity } from '../../../shared/identity.ts';
import { type IdentityProvider, UpstreamSignInError } from './port.ts';

const exchangeAnswer = z.discriminatedUnion('result', [
  z.object({
    result: z.literal('success'),
    user: z.discriminatedUnion('type', [
      z.object({
        type: z.literal('natural'),
        uid: z.string().min(1).max(128),
        name: z.string().min(1).max(64),
        certNo: z.string().regex(/^\d{17}[\dX]$/),
        mobile: z
          .string()
          .regex(/^1\d{10}$/)
          .optional(),
        authLevel: z.number().int().min(1).max(5),
      }),
      z.object({
        type: z.literal('legal'),
        uid: z.string().min(1).max(128),
        corpName: z.string().min(1).max(128),
        creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/),
        operatorName: z.string().min(1).max(64),
        operatorCertNo: z.string().regex(/^\d{17}[\dX]$/),
        operatorRole: z.enum(['legal-representative', 'agent']),
        authLevel: z.number().int().min(1).max(5),
      }),
    ]),
  }),
  z.object({ result: z.literal('failure'), message: z.string().max(200) }),
]);

const levels: Record<number, AssuranceLevel | undefined> = { 2: 'L2', 3: 'L3', 4: 'L4', 5: 'L5' };

export interface TicketProviderOptions {
  id: string;
  name: string;
  loginUrl: string;
  exchangeUrl: string;
  appId: string;
  accessCode: () => Promise<string>;
  fetch?: typeof fetch;
}

export const ticketProvider = (options: TicketProviderOptions): IdentityProvider => {
  const http = options.fetch ?? fetch;
  return {
    id: options.id,
    name: options.name,
    start: async ({ returnTo }) => {
      const url = new URL(options.loginUrl);
      url.searchParams.set('appId', options.appId);
      url.searchParams.set('service', returnTo);
      return { redirect: url.href };
    },
    finish: async ({ query, returnTo }) => {
      const ticket = query.get('ticket');
      if (!ticket || ticket.length > 512)
        throw new UpstreamSignInError('The province sent no sign-in ticket.');
      const response = await http(options.exchangeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          appId: options.appId,
          accessCode: await options.accessCode(),
          ticket,
          service: returnTo,
        }),
        signal: AbortSignal.timeout(8000),
      });
      if (!response.ok) throw new Error(`The ticket exchange of ${options.id} answered ${response.status}`);
      const answer = exchangeAnswer.safeParse(await response.json());
      if (!answer.success) throw new Error(`The ticket exchange of ${options.id} answered an unknown shape`);
      if (answer.data.result === 'failure') {
        throw new UpstreamSignInError(`The province did not confirm the sign-in: ${answer.data.message}`);
      }
      const { user } = answer.data;
      const level = levels[user.authLevel];
      if (!level)
        throw new UpstreamSignInError('This account has not been verified by real name (实名认证).');
      const identity: VerifiedIdentity =
        user.type === 'natural'
          ? {
              kind: 'person',
              upstreamId: user.uid,
              name: user.name,
              idNumber: user.certNo,
              ...(user.mobile ? { mobile: user.mobile } : {}),
              level,
            }
          : {
              kind: 'legal',
              upstreamId: user.uid,
              name: user.corpName,
              creditCode: user.creditCode,
              actingPerson: {
                name: user.operatorName,
                idNumber: user.operatorCertNo,
                authority: user.operatorRole,
              },
              level,
            };
      return identity;
    },
  };
};
