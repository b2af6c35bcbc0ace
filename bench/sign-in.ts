// Sign-in on the local cloud: the whole flow a person and the portal go through (authorize → the simulated
// province's login and ticket → tongban's callback → code exchange with PKCE), the gateway's token check
// beside a bare RS256 verification of the same token with the same key, and the sign-in function's cold
// start (its first invocation, made when the local cloud starts).
import { compactVerify, importJWK, type JWK } from 'jose';
import { startLocalCloud } from '../infra/local/cloud.ts';
import { signInFlow } from '../infra/local/sign-in-flow.ts';
import { scaled } from './scale.ts';
import { summary, timeAsync } from './stats.ts';

export const benchSignIn = async (jurisdictionId = 'dinghai') => {
  const lines: string[] = [];
  const cloud = await startLocalCloud({ jurisdictionId, log: (line) => lines.push(line) });
  try {
    const report = lines
      .map((line) => /^REPORT \S+-sign-in .*?Duration: ([\d.]+) ms.*Init Duration: ([\d.]+) ms/.exec(line))
      .find(Boolean);
    const flow = signInFlow(() => cloud.issuer);
    await flow.signIn('citizen');
    const flows: number[] = [];
    for (let i = 0; i < scaled(40, 4); i++) {
      flows.push((await timeAsync(() => flow.signIn(i % 2 === 0 ? 'citizen' : 'enterprise'))).ms);
    }

    const token = (await flow.signIn('citizen')).tokens.access_token;
    const jwks = (await (await fetch(`${cloud.issuer}/jwks`)).json()) as { keys: JWK[] };
    const kid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;
    const key = await importJWK(jwks.keys.find((k) => k.kid === kid)!, 'RS256');
    const checks: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < scaled(2000, 100); i++) {
      checks.push((await timeAsync(() => cloud.checkToken(token))).ms);
      bare.push((await timeAsync(() => compactVerify(token, key))).ms);
    }
    if (!(await cloud.checkToken(token))) throw new Error('The gateway refused a signed-in token');
    return [
      {
        figure: 'sign-in: authorize → province ticket → callback → token (ms)',
        ...summary(flows),
        n: flows.length,
      },
      { figure: "gateway's token check (ms)", ...summary(checks), n: checks.length },
      { figure: 'baseline: bare RS256 JWS verification (ms)', ...summary(bare), n: bare.length },
      {
        figure: 'sign-in cold start: init / first request (ms)',
        p50: report ? `${report[2]} / ${report[1]}` : 'not reported',
        p99: '',
        n: 1,
      },
    ];
  } finally {
    await cloud.stop();
  }
};
