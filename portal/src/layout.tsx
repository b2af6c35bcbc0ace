// The frame of every page: a skip link, the jurisdiction's name, navigation, the language choice, and a
// main landmark that receives focus after each navigation so keyboard and screen-reader users start there.
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { getJson, type JurisdictionProfile, type Loaded, useApi } from './api.ts';
import { type Language, LanguageContext, languages, languageTags, type Strings, useStrings } from './i18n.ts';
import { careKey } from './remembered.ts';
import { displayName, onSessionChange, signedIn, signIn, signOut, staffOf } from './session.ts';
import { usePick } from './staff/text.ts';

/** 我的预约, in the account links (the appointment pages keep their own strings). */
const appointmentsLink = { zh: '我的预约', en: 'My appointments', bo: 'ངའི་སྔོན་འགོག' };

export const Layout = ({ children }: { children: ComponentChildren }) => {
  const t = useStrings();
  const pick = usePick();
  const { language, setLanguage } = useContext(LanguageContext);
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const { url } = useLocation();
  const main = useRef<HTMLElement>(null);
  const [, setSessionVersion] = useState(0);
  useEffect(() => onSessionChange(() => setSessionVersion((v) => v + 1)), []);
  const unread = useUnread(url);
  // 适老化: large print and high contrast for older visitors, remembered like the language.
  const [care, setCare] = useState(() => globalThis.localStorage?.getItem(careKey) === 'on');
  useEffect(() => {
    document.documentElement.classList.toggle('care', care);
    globalThis.localStorage?.setItem(careKey, care ? 'on' : 'off');
  }, [care]);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [url]);
  // Chinese and English everywhere, and the languages this jurisdiction adds.
  const offered: Language[] = [
    'zh',
    'en',
    ...(jurisdiction.state === 'ready' ? (jurisdiction.value.languages ?? []) : []),
  ];
  const offeredKey = offered.join();
  useEffect(() => {
    if (jurisdiction.state === 'ready' && !offeredKey.split(',').includes(language)) setLanguage('zh');
  }, [jurisdiction.state, offeredKey, language, setLanguage]);
  const place =
    jurisdiction.state === 'ready' ? (jurisdiction.value.name[language] ?? jurisdiction.value.name.zh) : '';
  useEffect(() => {
    document.title = pageTitle(t, place);
  }, [place, t]);
  return (
    <>
      <a class="skip" href="#main">
        {t.skip}
      </a>
      <header class="top">
        <div class="brand">
          <a href="/">
            <span class="place">{place}</span> <span>{t.portal}</span>
          </a>
        </div>
        <nav aria-label={t.mainNav}>
          <ul>
            <li>
              <a href="/">{t.home}</a>
            </li>
            <li>
              <a href="/departments">{t.departments}</a>
            </li>
            <li>
              <a href="/track">{t.track}</a>
            </li>
            <li>
              <a href="/check">{t.check}</a>
            </li>
            <li>
              <a href="/requests">{t.tickets}</a>
            </li>
          </ul>
        </nav>
        <div class="account">
          {signedIn() ? (
            <>
              <a href="/my-cases">{displayName() ?? t.myCases}</a>
              <a href="/inbox">
                {t.inbox}
                {unread > 0 && <span class="badge">{t.unreadBadge(unread)}</span>}
              </a>
              <a href="/wallet">{t.wallet}</a>
              <a href="/my-appointments">{pick(appointmentsLink)}</a>
              {staffOf().roles.length > 0 && <a href="/work">{t.workbench}</a>}
              <button type="button" class="link" onClick={() => void signOut()}>
                {t.signOut}
              </button>
            </>
          ) : (
            <button type="button" class="link" onClick={() => void signIn()}>
              {t.signIn}
            </button>
          )}
        </div>
        <button type="button" class="care-toggle" aria-pressed={care} onClick={() => setCare(!care)}>
          {t.careMode}
        </button>
        <label class="language">
          <span>{t.language}</span>
          <select
            value={language}
            onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Language)}
          >
            {offered.map((code) => (
              <option key={code} value={code} lang={languageTags[code]}>
                {languages[code]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
      <footer class="bottom">
        <p>{t.footer}</p>
        <p>
          <a href="/ratings">{t.ratingsLink}</a>
        </p>
      </footer>
    </>
  );
};

/** The document's title: the portal's name, and the jurisdiction's when known. */
export const pageTitle = (t: Strings, place: string) => (place ? `${t.portal} · ${place}` : t.portal);

/** Read marks changed (the inbox says so): the header's count reads again. */
export const inboxChanged = () => globalThis.dispatchEvent(new Event('tongban:inbox'));

/** The signed-in person's unread messages, read again on each navigation and read mark. */
const useUnread = (url: string) => {
  const [unread, setUnread] = useState(0);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const again = () => setVersion((v) => v + 1);
    globalThis.addEventListener('tongban:inbox', again);
    return () => globalThis.removeEventListener('tongban:inbox', again);
  }, []);
  const signed = signedIn();
  useEffect(() => {
    if (!signed) return setUnread(0);
    const abort = new AbortController();
    getJson<{ unread: number }>('/notifications?limit=50', abort.signal)
      .then((v) => setUnread(v.unread))
      .catch(() => undefined);
    return () => abort.abort();
  }, [signed, url, version]);
  return unread;
};

/** What a page shows while its data loads, or when it could not: every page alike. */
export const Status = ({ of }: { of: Loaded<unknown> }) => {
  const t = useStrings();
  if (of.state !== 'failed') return <p aria-live="polite">{t.loading}</p>;
  return <p role="alert">{of.status === 404 ? t.notFound : t.loadFailed}</p>;
};
