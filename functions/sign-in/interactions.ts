// The sign-in interaction: what happens between the portal's authorization request and the code. oidc-
// provider sends the browser to /oidc/interaction/<uid>; from there the person goes to the upstream
// provider (straight away when the jurisdiction has one, else after choosing), comes back to
// /oidc/interaction/<uid>/callback, and the verified identity becomes tongban's account and session, with
// the upstream's assurance level as `acr`. The portal is tongban's own first-party client, so consent to
// its scopes is given on the person's behalf.
import type { Adapter, KoaContextWithOIDC, Provider } from 'oidc-provider';
import { acrOf } from '../../shared/identity.ts';
import { logger } from '../lib/logger.ts';
import type { AccountStore } from './accounts.ts';
import { chooserPage, errorPage } from './pages.ts';
import { type IdentityProvider, UpstreamSignInError } from './providers/port.ts';

export interface InteractionDeps {
  provider: Provider;
  issuer: string;
  jurisdictionName: string;
  upstreams: ReadonlyMap<string, IdentityProvider>;
  accounts: AccountStore;
  /** Where an upstream sign-in in progress is kept between the redirect and the callback. */
  pending: Adapter;
  now: () => Date;
}

const interactionPath =
  /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(callback)|\/start\/([a-z][a-z0-9-]{1,30}))?$/;
const pendingTtlSeconds = 600;

export const interactionRoutes =
  (deps: InteractionDeps) => async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    const match = interactionPath.exec(ctx.path);
    if (!match || ctx.method !== 'GET') return next();
    const [, uid = '', callback, chosen] = match;
    ctx.set('cache-control', 'no-store');
    const { provider } = deps;
    const returnTo = `${deps.issuer}/interaction/${uid}/callback`;

    const fail = (status: number, message: string) => {
      ctx.status = status;
      ctx.type = 'html';
      ctx.body = errorPage(message);
    };

    const startUpstream = async (upstream: IdentityProvider) => {
      const started = await upstream.start({ returnTo, state: uid });
      await deps.pending.upsert(uid, { provider: upstream.id, keep: started.keep ?? {} }, pendingTtlSeconds);
      ctx.redirect(started.redirect);
    };

    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      return fail(400, 'This sign-in has expired or was started in another browser.');
    }
    if (details.uid !== uid) return fail(400, 'This sign-in does not belong to this browser.');

    if (details.prompt.name === 'consent') {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({
            accountId: details.session?.accountId,
            clientId: String(details.params.client_id),
          });
      if (!grant) return fail(400, 'This sign-in has expired.');
      const missing = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      const grantId = await grant.save();
      ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }));
      return;
    }

    if (chosen) {
      const upstream = deps.upstreams.get(chosen);
      if (!upstream) return fail(404, 'There is no such way to sign in here.');
      return startUpstream(upstream);
    }

    if (!callback) {
      const all = [...deps.upstreams.values()];
      if (all.length === 1) return startUpstream(all[0]!);
      ctx.type = 'html';
      ctx.body = chooserPage(
        deps.jurisdictionName,
        all.map((u) => ({ name: u.name, href: `${deps.issuer}/interaction/${uid}/start/${u.id}` })),
      );
      return;
    }

    const pending = await deps.pending.find(uid);
    const upstream = typeof pending?.provider === 'string' ? deps.upstreams.get(pending.provider) : undefined;
    if (!pending || !upstream) return fail(400, 'This sign-in has expired; start again.');
    await deps.pending.destroy(uid);
    try {
      const identity = await upstream.finish({
        query: new URLSearchParams(ctx.querystring),
        returnTo,
        state: uid,
        kept: (pending.keep as Record<string, string> | undefined) ?? {},
      });
      const account = await deps.accounts.signIn(upstream.id, identity, deps.now());
      logger.info('signed in', { provider: upstream.id, assurance: account.level });
      ctx.redirect(
        await provider.interactionResult(
          ctx.req,
          ctx.res,
          {
            login: { accountId: account.sub, acr: acrOf(account.level), amr: [upstream.id], remember: true },
          },
          { mergeWithLastSubmission: false },
        ),
      );
    } catch (error) {
      if (error instanceof UpstreamSignInError) return fail(401, error.message);
      throw error;
    }
  };
