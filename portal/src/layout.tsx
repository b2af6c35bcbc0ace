// The frame of every page: a skip link, the jurisdiction's name, navigation, the language choice, and a
// main landmark that receives focus after each navigation so keyboard and screen-reader users start there.
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type JurisdictionProfile, useApi } from './api.ts';
import { type Language, LanguageContext, languages, useStrings } from './i18n.ts';

export const Layout = ({ children }: { children: ComponentChildren }) => {
  const t = useStrings();
  const { language, setLanguage } = useContext(LanguageContext);
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const { url } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [url]);
  const place =
    jurisdiction.state === 'ready'
      ? language === 'zh'
        ? jurisdiction.value.name.zh
        : jurisdiction.value.name.en
      : '';
  useEffect(() => {
    document.title = place ? `${t.portal} · ${place}` : t.portal;
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
        <nav aria-label={language === 'zh' ? '主导航' : 'Main'}>
          <ul>
            <li>
              <a href="/">{t.home}</a>
            </li>
            <li>
              <a href="/departments">{t.departments}</a>
            </li>
          </ul>
        </nav>
        <label class="language">
          <span>{t.language}</span>
          <select
            value={language}
            onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Language)}
          >
            {Object.entries(languages).map(([code, name]) => (
              <option key={code} value={code} lang={code === 'zh' ? 'zh-CN' : 'en'}>
                {name}
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
      </footer>
    </>
  );
};

/** The loading and failure states every page shows alike. */
export const Status = ({ failed, status }: { failed?: boolean; status?: number }) => {
  const t = useStrings();
  if (!failed) return <p aria-live="polite">{t.loading}</p>;
  return <p role="alert">{status === 404 ? t.notFound : t.loadFailed}</p>;
};
