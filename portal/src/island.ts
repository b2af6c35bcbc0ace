// The drawn pages' island: a small script inlined in the head of the home page and of every guide (the pages
// function draws them), allowed by its hash in the CSP. It makes the drawn page's controls work from the
// moment they are on screen, long before the app's bundle has arrived on a slow line: the language choice
// (the page carries its words in each offered language, so nothing is fetched), the 适老化 switch and
// sign-in; links and the search form work by themselves. It listens on the document, so a control works as
// soon as it is parsed. When the app arrives it takes the page over (hydrating the same markup, in the
// language and mode chosen here) and tells the island to let go (`tongban:app`).

import { careKey, languageKey } from './remembered.ts';
import type { Wordings } from './server.tsx';
import { defaultAuthorizationEndpoint, leaveForSignIn, pageApiOrigin } from './sign-in-start.ts';

const html = document.documentElement;
const letGo = new AbortController();
const on = <K extends keyof DocumentEventMap>(type: K, listener: (event: DocumentEventMap[K]) => void) =>
  document.addEventListener(type, listener, { signal: letGo.signal });
on('tongban:app' as keyof DocumentEventMap, () => letGo.abort());

const stored = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const store = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage refused (a private window): the choice holds on this page only.
  }
};

/** Runs `then` once the whole page is parsed (before deferred scripts such as the app's bundle run). */
const whenParsed = (then: () => void) => {
  if (document.readyState !== 'loading') return then();
  on('readystatechange', () => {
    if (document.readyState === 'interactive') then();
  });
};

// 适老化: large print and high contrast, at once (the markup was drawn without it).
const careToggle = () => document.querySelector<HTMLButtonElement>('#app .care-toggle');
const setCare = (care: boolean) => {
  html.classList.toggle('care', care);
  careToggle()?.setAttribute('aria-pressed', String(care));
  store(careKey, care ? 'on' : 'off');
};
if (stored(careKey) === 'on') html.classList.add('care');

let wordings: Wordings | undefined;
/** Sets the drawn page in `language` when the page carries its words; whether it did. */
const setLanguage = (language: string) => {
  wordings ??= JSON.parse(document.getElementById('tongban-languages')?.textContent || '{}') as Wordings;
  const wording = wordings[language as keyof Wordings];
  const app = document.getElementById('app');
  if (!wording || !app) return false;
  const walker = document.createTreeWalker(app, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  while (walker.nextNode()) texts.push(walker.currentNode as Text);
  for (const [i, text] of wording.texts) if (texts[i]) texts[i].data = text;
  const withAttribute = new Map<string, NodeListOf<Element>>();
  for (const [name, i, value] of wording.attributes) {
    if (!withAttribute.has(name)) withAttribute.set(name, app.querySelectorAll(`[${name}]`));
    withAttribute.get(name)![i]?.setAttribute(name, value);
  }
  html.lang = wording.lang;
  document.title = wording.title;
  const select = app.querySelector<HTMLSelectElement>('.language select');
  if (select) select.value = language;
  return true;
};

whenParsed(() => {
  careToggle()?.setAttribute('aria-pressed', String(html.classList.contains('care')));
  const remembered = stored(languageKey);
  if (remembered && remembered !== 'zh') setLanguage(remembered);
});

on('change', (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.closest('#app .language')) return;
  store(languageKey, select.value);
  whenParsed(() => setLanguage(select.value));
});

on('click', (event) => {
  if (!(event.target instanceof Element)) return;
  const control = event.target.closest('#app .care-toggle, #app .account button');
  if (!control) return;
  if (control.classList.contains('care-toggle')) return setCare(!html.classList.contains('care'));
  // Signed out on every drawn page: the account's button is sign-in.
  void leaveForSignIn(defaultAuthorizationEndpoint(pageApiOrigin()), location.pathname + location.search);
});
