// The search box of the home and results pages: a labelled field with its hint, submitted to /find.

import { useLocation } from 'preact-iso';
import { useStrings } from '../i18n.ts';

export const SearchForm = ({ initial = '' }: { initial?: string }) => {
  const t = useStrings();
  const { route } = useLocation();
  return (
    <search class="search">
      {/* Submits to /find by itself too, before the page's script has arrived. The field is the browser's
          own (uncontrolled): what someone typed before the app took the page over stays. */}
      <form
        action="/find"
        method="get"
        onSubmit={(e) => {
          e.preventDefault();
          const query = String(new FormData(e.currentTarget).get('q') ?? '').trim();
          if (query) route(`/find?q=${encodeURIComponent(query)}`);
        }}
      >
        <label for="q">{t.searchLabel}</label>
        <div class="row">
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={initial}
            autocomplete="off"
            aria-describedby="q-hint"
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
