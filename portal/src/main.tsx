// The portal in the browser. A page that arrives with its content already drawn (the home page and guides,
// from the pages function) is hydrated: the same components take over the markup, with the data the page
// carries, and no request is made for it. Any other page is drawn from the shell.
import { hydrate, render } from 'preact';
import { App } from './app.tsx';
import { initialLanguage, loadLanguage } from './i18n.ts';
import './styles.css';

const root = document.getElementById('app')!;
const language = initialLanguage();
// Drawn pages are in Chinese: a remembered other language draws the page anew once its strings are here.
if (root.hasChildNodes() && language === 'zh') hydrate(<App />, root);
else
  void loadLanguage(language)
    .catch(() => undefined)
    .then(() => {
      root.replaceChildren();
      render(<App />, root);
    });
