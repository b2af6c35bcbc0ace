// Notifications on the local cloud: how long after an application is filed its SMS is in the provider's
// outbox (event relay → bus → notifier's queue → notifier → signed SendSms), beside how long the same
// event takes to reach the bus (the part every consumer shares). By day, so no SMS waits for the morning.
import { startLocalCloud } from '../infra/local/cloud.ts';
import type { DevTokenRequest } from '../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../infra/local/seed.ts';
import { scaled } from './scale.ts';
import { summary } from './stats.ts';

const person: DevTokenRequest = {
  sub: 'bench-notify',
  role: 'citizen',
  name: '钱一',
  idNumber: '330902199203150025',
  mobile: '13800000010',
};

export const benchNotifications = async () => {
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai' });
  try {
    await seedJurisdiction(cloud.jurisdiction);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${cloud.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    await post('/dev/clock', { now: '2026-12-08T10:00:00+08:00' });
    const auth = { authorization: `Bearer ${await cloud.issueToken(person)}` };
    const upload = async () => {
      const grant = (await (
        await post('/uploads', { contentType: 'application/pdf', size: 8 }, auth)
      ).json()) as {
        url: string;
        headers: Record<string, string>;
        key: string;
      };
      await fetch(grant.url, { method: 'PUT', headers: grant.headers, body: '%PDF-1.4' });
      return grant.key;
    };
    const onBus = async (n: string) =>
      (
        (await (await fetch(`${cloud.url}/dev/events?type=CaseSubmitted&limit=10000`)).json()) as {
          events: Array<{ detail: { caseNumber: string } }>;
        }
      ).events.some((e) => e.detail.caseNumber === n);
    const inOutbox = async (n: string) =>
      ((await (await fetch(`${cloud.url}/dev/outbox`)).json()) as { sms: Array<{ text: string }> }).sms.some(
        (s) => s.text.includes(n),
      );
    const until = async (done: () => Promise<boolean>) => {
      for (let i = 0; i < 3000 && !(await done()); i++) await new Promise((r) => setTimeout(r, 5));
    };

    const toSms: number[] = [];
    const toBus: number[] = [];
    const runs = scaled(60, 4);
    for (let i = 0; i <= runs; i++) {
      const materials = [
        { materialId: 'application-form', via: 'upload', key: await upload() },
        { materialId: 'id-card', via: 'upload', key: await upload() },
        { materialId: 'hukou', via: 'upload', key: await upload() },
        { materialId: 'income-proof', via: 'commitment' },
      ];
      const res = await post(
        '/cases',
        { itemCode: '330902-JF-0084', form: { householdSize: 2, currentHousing: '租住' }, materials },
        { ...auth, 'idempotency-key': `bench-notify-${i}-${Date.now()}` },
      );
      if (res.status !== 201) throw new Error(`POST /cases answered ${res.status}`);
      const filed = performance.now();
      const n = ((await res.json()) as { caseNumber: string }).caseNumber;
      // The two waits run side by side from the same instant.
      const [bus, sms] = await Promise.all([
        until(() => onBus(n)).then(() => performance.now() - filed),
        until(() => inOutbox(n)).then(() => performance.now() - filed),
      ]);
      if (!(await inOutbox(n))) throw new Error(`No SMS for ${n}`);
      // The first round warms the notifier's sandbox.
      if (i === 0) continue;
      toBus.push(bus);
      toSms.push(sms);
    }
    return [
      { figure: 'application filed → its SMS in the outbox (ms)', ...summary(toSms), n: toSms.length },
      {
        figure: 'baseline: application filed → its event on the bus (ms)',
        ...summary(toBus),
        n: toBus.length,
      },
    ];
  } finally {
    await cloud.stop();
  }
};
