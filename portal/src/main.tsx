// The portal in the browser. A page that arrives with its content already drawn (the home page and guides,
// from the pages function) is hydrated: the same components take over the markup, with the data the page
// carries, and no request is made for it. Until then the page's island (island.ts) has kept its controls
// working, and the language and 适老化 mode chosen there are the ones the app starts in; the island lets go
// just before the app takes over, so no control answers twice. Any other page is drawn from the shell.
import { hydrate, render } from 'preact';
import { App } from './app.tsx';
import { initialLanguage, type Language, languageTags, loadLanguage } from './i18n.ts';
import './styles.css';

const root = document.getElementById('app')!;

/** The remembered language with its strings here (chosen again on the island meanwhile: that one). */
const language = async (): Promise<Language> => {
  const chosen = initialLanguage();
  await loadLanguage(chosen).catch(() => undefined);
  return chosen === initialLanguage() ? chosen : language();
};

void language().then((chosen) => {
  document.dispatchEvent(new Event('tongban:app'));
  // The drawn page is in the chosen language (drawn so, or set so by the island): the app takes it over as it
  // is, focus and typed text included. Otherwise it is drawn anew.
  if (root.hasChildNodes() && document.documentElement.lang === languageTags[chosen]) hydrate(<App />, root);
  else {
    root.replaceChildren();
    render(<App />, root);
  }
});
