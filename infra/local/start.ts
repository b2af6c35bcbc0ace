// `npm start`: the whole platform on one machine. Starts the local cloud for one jurisdiction (default
// dinghai), keeps its data under .local/<id>, seeds it, prints where everything is, and stops every child
// process on Ctrl-C.
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { portalClientId } from '../../functions/sign-in/provider.ts';
import { JurisdictionConfigError, listJurisdictionIds } from '../jurisdictions/index.ts';
import { projectRoot, startLocalCloud } from './cloud.ts';
import { DataFolderInUseError, runningOn } from './data-lock.ts';
import { demoCaPaths } from './demo-seals.ts';
import { demoUsers } from './demo-users.ts';
import { buildPortal } from './portal.ts';
import { JavaMissingError } from './ports.ts';
import { seedJurisdiction } from './seed.ts';

const { values } = parseArgs({
  options: {
    jurisdiction: { type: 'string', default: 'dinghai' },
    reset: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    data: { type: 'string' },
    'max-instances': { type: 'string', default: '8' },
  },
});

const jurisdictionId = values.jurisdiction;
if (!listJurisdictionIds().includes(jurisdictionId)) {
  console.error(`Unknown jurisdiction "${jurisdictionId}". Known: ${listJurisdictionIds().join(', ')}`);
  process.exit(1);
}
const dataDir = values.data ?? join(projectRoot, '.local', jurisdictionId);
// Checked before anything else (a reset would wipe the running one's data); the local cloud takes the lock.
const running = runningOn(dataDir);
if (running) {
  console.error(new DataFolderInUseError(relative(process.cwd(), dataDir) || dataDir, running).message);
  process.exit(1);
}
if (values.reset) {
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`Local data of ${jurisdictionId} wiped.`);
}

const started = performance.now();
let seeded = '';
const portalDir = await buildPortal();
const cloud = await startLocalCloud({
  jurisdictionId,
  dataDir,
  port: Number(process.env.PORT ?? 3000),
  maxInstances: Number(values['max-instances']) || 8,
  portalDir,
  // Cold starts and failed sandboxes always show; every request's REPORT line with --verbose.
  log: (line) => {
    if (values.verbose || /^INIT_START|^INIT_REPORT|Sandbox\.|Runtime\./.test(line)) console.log(line);
  },
  // What functions print (warnings and errors unless POWERTOOLS_LOG_LEVEL says otherwise).
  functionLog: (fn, line) => console.log(`[${fn}] ${line}`),
  // Seeded before the gateway listens, so the first healthy answer comes from a ready platform.
  prepare: async (jurisdiction) => {
    seeded = await seedJurisdiction(jurisdiction);
  },
}).catch((error: unknown) => {
  if (
    error instanceof JavaMissingError ||
    error instanceof JurisdictionConfigError ||
    error instanceof DataFolderInUseError
  ) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the local cloud…');
  await cloud.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

const { url } = cloud;
// A fixed verifier, printed, so the exchange can be tried by hand with curl.
const demoVerifier = randomBytes(32).toString('base64url');
const signInUrl = () => {
  const authorize = new URL(`${cloud.issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: portalClientId,
    response_type: 'code',
    scope: 'openid api',
    redirect_uri: cloud.jurisdiction.identity?.portal.redirectUris.at(-1) ?? '',
    code_challenge: createHash('sha256').update(demoVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('base64url'),
  }).toString();
  return authorize.href;
};
const j = cloud.jurisdiction;
console.log(`
tongban local cloud for ${j.name.zh} (${j.name.en}) is up in ${((performance.now() - started) / 1000).toFixed(1)} s

  Portal           ${url}/          (网上办事大厅: search, guides, case progress, licence checks; 登录 through the simulated province)
  API gateway      ${url}          (try ${url}/health, ${url}/jurisdiction, ${url}/openapi.json)
  DynamoDB Local   ${cloud.endpoints.dynamodb}
  S3 (s3rver)      ${cloud.endpoints.s3}
  Step Functions   ${cloud.endpoints.sfn}
  EventBridge      ${cloud.endpoints.events}   (events put on the bus: ${url}/dev/events)
  KMS (seal, tokens) ${cloud.endpoints.kms}   (rotate the seal: curl -s -X POST ${url}/dev/seal/rotate)
  Demo seal CA     ${url}${demoCaPaths.pem}   (every department's OFD seal chains to it; development only)
  Demo CA's CRL    ${url}${demoCaPaths.crl}   (issued at every start from revoked.json beside its keys)
  Sign-in (OIDC)   ${cloud.issuer}   (the issuer the gateway trusts; province SSO simulated at ${cloud.endpoints.province ?? '-'})
  Data             ${relative(process.cwd(), dataDir) || dataDir}   (npm start -- --reset wipes it)
  Seed             ${seeded}

Demo logins: get a token, then send it as "Authorization: Bearer <token>"
${Object.values(demoUsers)
  .map(
    (u) =>
      `  ${u.role.padEnd(10)} curl -s -X POST ${url}/dev/token -H 'content-type: application/json' -d '${JSON.stringify(u)}'`,
  )
  .join('\n')}

Sign in as a person would (the portal's request: code flow with PKCE; pick a demo person on the simulated
provincial login${cloud.province ? ` at ${cloud.province.url}` : ''}, land on the portal's address with a code):
  ${signInUrl()}
  (code_verifier for the exchange at ${cloud.issuer}/token: ${demoVerifier}; discovery:
  ${cloud.issuer}/.well-known/openid-configuration)

Move the clock:  curl -s -X POST ${url}/dev/clock -d '{"now":"2026-12-31T09:00:00+08:00"}'
Ctrl-C stops everything.
`);
