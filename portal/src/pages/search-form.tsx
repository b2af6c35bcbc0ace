// The search box of the home and results pages: a labelled field with its hint, submitted to /find.

import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useStrings } from '../i18n.ts';

export const SearchForm = ({ initial = '' }: { initial?: string }) => {
  const t = useStrings();
  const { route } = useLocation();
  const [q, setQ] = useState(initial);
  return (
    <search class="search">
      {/* Submits to /find by itself too, before the page's script has arrived. */}
      <form
        action="/find"
        method="get"
        onSubmit={(e) => {
          e.preventDefault();
          const query = q.trim();
          if (query) route(`/find?q=${encodeURIComponent(query)}`);
        }}
      >
        <label for="q">{t.searchLabel}</label>
        <div class="row">
          <input
            id="q"
            name="q"
            type="search"
            value={q}
            autocomplete="off"
            aria-describedby="q-hint"
            onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit">{t.search}</button>
        </div>
        <p id="q-hint" class="hint">
          {t.searchHint}
        </p>
      </form>
    </search>
  );
};
