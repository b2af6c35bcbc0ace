// Search results for /find?q=…, as the API ranks them, each with what it matched on.
import { useLocation } from 'preact-iso';
import { type SearchHit, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { SearchForm } from './search-form.tsx';

/** The API marks the match with <em>…</em>; rendered as elements, never as HTML. */
const Highlighted = ({ text }: { text: string }) => (
  <>
    {text
      .split(/(<em>.*?<\/em>)/)
      .map((part, i) => (part.startsWith('<em>') ? <mark key={i}>{part.slice(4, -5)}</mark> : part))}
  </>
);

export const FindPage = () => {
  const t = useStrings();
  const { query } = useLocation();
  const q = (query.q ?? '').trim();
  const results = useApi<{ total: number; hits: SearchHit[] }>(
    q ? `/search?q=${encodeURIComponent(q)}&limit=50` : undefined,
  );
  return (
    <>
      <h1>{t.searchLabel}</h1>
      <SearchForm initial={q} key={q} />
      {q &&
        (results.state === 'ready' ? (
          <section aria-labelledby="results">
            <h2 id="results" aria-live="polite">
              {t.results(q, results.value.total)}
            </h2>
            {results.value.hits.length === 0 ? (
              <p>{t.noResults}</p>
            ) : (
              <ol class="items">
                {results.value.hits.map((hit) => (
                  <li key={hit.code}>
                    <a href={`/guide/${hit.code}`} lang="zh-CN">
                      <Highlighted text={hit.highlight} />
                    </a>
                    <span class="meta">
                      <span lang="zh-CN">{hit.departmentName}</span> ·{' '}
                      {t.matchedBy[hit.matched] ?? hit.matched}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </section>
        ) : (
          <Status of={results} />
        ))}
    </>
  );
};
