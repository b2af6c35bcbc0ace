// 我的办件 and the return from sign-in. /signed-in completes the code flow (session.ts) and goes back where
// the visitor started; /my-cases lists the signed-in applicant's cases with status and promised date.

import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { completeSignIn, signIn } from '../session.ts';
import { SignedInOnly } from './signed-in-only.tsx';

interface CaseSummary {
  caseNumber: string;
  itemName?: string;
  status: string;
  statusName: string;
  submittedAt: string;
  promisedBy?: string;
  provisional?: boolean;
}

export const SignedInPage = () => {
  const t = useStrings();
  const { route } = useLocation();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    completeSignIn()
      .then((back) => route(back === '/' ? '/my-cases' : back, true))
      .catch(() => setFailed(true));
  }, []);
  return failed ? (
    <>
      <h1>{t.signIn}</h1>
      <p role="alert">{t.signInFailed}</p>
      <button type="button" onClick={() => void signIn('/my-cases')}>
        {t.signIn}
      </button>
    </>
  ) : (
    <p aria-live="polite">{t.signingIn}</p>
  );
};

const MyCasesList = () => {
  const t = useStrings();
  const cases = useApi<{ cases: CaseSummary[] }>('/cases?limit=50');
  if (cases.state !== 'ready') return <Status of={cases} />;
  if (cases.value.cases.length === 0) return <p>{t.noCases}</p>;
  return (
    <ul class="items">
      {cases.value.cases.map((c) => (
        <li key={c.caseNumber}>
          <a class="title" href={`/case/${encodeURIComponent(c.caseNumber)}`} lang="zh-CN">
            {c.itemName}
          </a>
          <span class="meta">
            {c.caseNumber} · {t.caseStatus[c.status] ?? c.statusName}
            {c.promisedBy ? ` · ${t.promisedBy} ${c.promisedBy}${c.provisional ? t.provisional : ''}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
};

export const MyCasesPage = () => {
  const t = useStrings();
  return (
    <SignedInOnly title={t.myCases} returnTo="/my-cases" prompt={t.mustSignIn}>
      <MyCasesList />
    </SignedInOnly>
  );
};
