// 窗口服务评价: the page the window's QR code opens (on the person's phone, or on the hall's tablet): what is
// rated — the unit, the service, the item, the clerk who served — and the five levels by name, once. No
// sign-in: the code under the QR code is what lets one rate, and the rating is not under a verified name.
import { useState } from 'preact/hooks';
import { useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { usePick } from '../staff/text.ts';
import { RateForm } from './rating.tsx';

interface VisitView {
  id: string;
  at: string;
  service: 'consultation' | 'handled';
  departmentName: string;
  itemName?: string;
  staffName: string;
  rateBy: string;
  rateable: boolean;
  rating: { level: number; at: string } | null;
}

const text = {
  zh: {
    title: '评价窗口服务',
    services: { consultation: '咨询', handled: '当场办结' },
    intro: '请对刚才的窗口服务作出评价。评价只能提交一次，不记录你的姓名。',
    unit: '服务部门',
    service: '服务内容',
    item: '事项',
    clerk: '窗口工作人员',
    when: '服务时间',
    thanks: '感谢你的评价。',
    done: (level: string) => `这次服务已评价：${level}。`,
    expired: '这次服务的评价期已过。',
    noCode: '请扫描窗口的二维码进入本页。',
  },
  en: {
    title: 'Rate the window’s service',
    services: { consultation: 'Consultation', handled: 'Handled on the spot' },
    intro:
      'Please rate the service you just had at the window. A rating is given once; your name is not kept.',
    unit: 'Department',
    service: 'Service',
    item: 'Matter',
    clerk: 'Window clerk',
    when: 'Served at',
    thanks: 'Thank you for your rating.',
    done: (level: string) => `This visit has been rated: ${level}.`,
    expired: 'This visit can no longer be rated.',
    noCode: 'Please scan the QR code at the window to open this page.',
  },
  bo: {
    title: 'ཞབས་ཞུའི་སྒོ་ཁའི་ཞབས་ཞུར་གདེང་འཇོག',
    services: { consultation: 'འདྲི་རྩད།', handled: 'ལམ་སང་སྒྲུབ་ཚར།' },
    intro: 'ད་གིན་གྱི་ཞབས་ཞུའི་སྒོ་ཁའི་ཞབས་ཞུར་གདེང་འཇོག་བྱེད་རོགས། གདེང་འཇོག་ཐེངས་གཅིག་ལས་བྱེད་མི་ཆོག ཁྱེད་ཀྱི་མིང་ཟིན་ཐོར་མི་འགོད།',
    unit: 'ཞབས་ཞུའི་སྡེ་ཚན།',
    service: 'ཞབས་ཞུའི་ནང་དོན།',
    item: 'རྣམ་གྲངས།',
    clerk: 'ཞབས་ཞུའི་སྒོ་ཁའི་ལས་བྱེད་པ།',
    when: 'ཞབས་ཞུའི་དུས་ཚོད།',
    thanks: 'ཁྱེད་ཀྱི་གདེང་འཇོག་ལ་ཐུགས་རྗེ་ཆེ།',
    done: (level: string) => `ཞབས་ཞུ་འདིར་གདེང་འཇོག་བྱས་ཟིན། ${level}`,
    expired: 'ཞབས་ཞུ་འདིའི་གདེང་འཇོག་དུས་མཚམས་ཡོལ་ཟིན།',
    noCode: 'ཞབས་ཞུའི་སྒོ་ཁའི་ཨང་རྟགས་རིས་མིག་ཞིབ་འབེབས་བྱས་ནས་ཤོག་ངོས་འདིར་འཛུལ་རོགས།',
  },
};

const when = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));

const Visit = ({ visitId, code, channel }: { visitId: string; code: string; channel: 'qr' | 'tablet' }) => {
  const t = usePick()(text);
  const common = useStrings();
  const [version, setVersion] = useState(0);
  const [thanked, setThanked] = useState(false);
  const visit = useApi<VisitView>(
    `/window-visits/${encodeURIComponent(visitId)}?code=${encodeURIComponent(code)}`,
    version,
  );
  if (visit.state !== 'ready') return <Status of={visit} />;
  const v = visit.value;
  return (
    <>
      <dl class="facts">
        <dt>{t.unit}</dt>
        <dd>{v.departmentName}</dd>
        <dt>{t.service}</dt>
        <dd>{t.services[v.service]}</dd>
        {v.itemName && (
          <>
            <dt>{t.item}</dt>
            <dd>{v.itemName}</dd>
          </>
        )}
        <dt>{t.clerk}</dt>
        <dd>{v.staffName}</dd>
        <dt>{t.when}</dt>
        <dd>
          <time dateTime={v.at}>{when(v.at)}</time>
        </dd>
      </dl>
      {thanked && (
        <p class="note done" aria-live="polite">
          {t.thanks}
        </p>
      )}
      {v.rating ? (
        <p>{t.done(common.ratingLevels[v.rating.level] ?? String(v.rating.level))}</p>
      ) : v.rateable ? (
        <>
          <p>{t.intro}</p>
          <RateForm
            path={`/window-visits/${encodeURIComponent(visitId)}/rating`}
            extra={() => ({ code, channel })}
            done={() => {
              setThanked(true);
              setVersion((n) => n + 1);
            }}
          />
        </>
      ) : (
        <p>{t.expired}</p>
      )}
    </>
  );
};

export const VisitRatingPage = ({ visitId }: { visitId: string }) => {
  const t = usePick()(text);
  const query = new URLSearchParams(globalThis.location?.search ?? '');
  const code = query.get('code') ?? '';
  const channel = query.get('channel') === 'tablet' ? 'tablet' : 'qr';
  return (
    <>
      <h1>{t.title}</h1>
      {code ? <Visit visitId={visitId} code={code} channel={channel} /> : <p>{t.noCode}</p>}
    </>
  );
};
