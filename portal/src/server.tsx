// The portal drawn on the server, for the pages function: the same components the browser runs, with the
// API answers the page will carry, so a phone on a slow line reads the page (and follows its links and search)
// from the first response, before any script has arrived. Drawn in Chinese, the portal's first language, with
// the page's wording in each language the jurisdiction offers (`Wordings`), which the page's island swaps in
// when someone chooses a language before the app has arrived.
import { renderToString } from 'preact-render-to-string';
import { carryData, type JurisdictionProfile } from './api.ts';
import { App } from './app.tsx';
import { type Language, languageTags, loadLanguage, stringsOf } from './i18n.ts';
import { pageTitle } from './layout.tsx';

/**
 * A drawn page's words in one language: `texts` the page's text nodes (by their index among the text nodes
 * of #app) and `attributes` the attribute values (by the element's index among those of #app with that
 * attribute) that differ between the offered languages; the `<html lang>` tag and the document's title.
 */
export interface Wording {
  lang: string;
  title: string;
  texts: Array<[number, string]>;
  attributes: Array<[string, number, string]>;
}
export type Wordings = Partial<Record<Language, Wording>>;

/** The markup of the portal at `path` (a path of portal/pages.ts), drawn with `data` (API answers by path). */
export const drawPage = (path: string, data: Record<string, unknown>, language: Language = 'zh') => {
  const global = globalThis as { location?: unknown };
  const had = global.location;
  // The router reads the page's address from `location`, as in a browser.
  global.location = new URL(path, 'https://portal.invalid');
  carryData(data);
  try {
    return renderToString(<App drawnIn={language} />);
  } finally {
    global.location = had;
    carryData({});
  }
};

/** Attributes whose values are interface words. */
const wordAttributes = ['aria-label', 'data-label', 'title', 'placeholder', 'alt'] as const;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decoded = (html: string) =>
  html.replace(/&(?:#(\d+)|#x([\da-f]+)|(\w+));/gi, (whole, dec?: string, hex?: string, name?: string) =>
    dec
      ? String.fromCodePoint(Number(dec))
      : hex
        ? String.fromCodePoint(Number.parseInt(hex, 16))
        : (entities[name!] ?? whole),
  );

/** A tag (its quoted attribute values may hold `>`) or a comment. */
const tagPattern = /<!--[\s\S]*?-->|<(\/?)[a-zA-Z][\w-]*((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const attributePattern = /([^\s"'=/>]+)="([^"]*)"/g;

/** What a browser makes of markup: its non-empty text nodes, and the values of each word attribute in order. */
const wordsOf = (markup: string) => {
  const texts: string[] = [];
  const attributes = new Map<string, string[]>(wordAttributes.map((name) => [name, []]));
  let at = 0;
  for (const tag of markup.matchAll(tagPattern)) {
    const text = markup.slice(at, tag.index);
    if (text) texts.push(decoded(text));
    at = tag.index + tag[0].length;
    if (tag[0].startsWith('<!--') || tag[1] === '/') continue;
    for (const [, name, value] of (tag[2] ?? '').matchAll(attributePattern))
      attributes.get(name!)?.push(decoded(value!));
  }
  if (at < markup.length) texts.push(decoded(markup.slice(at)));
  return { texts, attributes };
};

/**
 * The page at `path` in each of `languages`: what differs from one to another, for the island. `chinese`:
 * the page as drawn in Chinese, when it already is. A language whose drawing does not line up with the
 * Chinese one node for node is left out (the app redraws it).
 */
export const drawnWordings = async (
  path: string,
  data: Record<string, unknown>,
  languages: readonly Language[],
  chinese = drawPage(path, data),
): Promise<Wordings> => {
  const profile = data['/jurisdiction'] as JurisdictionProfile | undefined;
  const zh = wordsOf(chinese);
  const drawn = new Map<Language, ReturnType<typeof wordsOf>>([['zh', zh]]);
  for (const language of languages.filter((l) => l !== 'zh')) {
    await loadLanguage(language);
    drawn.set(language, wordsOf(drawPage(path, data, language)));
  }
  const aligned = [...drawn].filter(
    ([, words]) =>
      words.texts.length === zh.texts.length &&
      wordAttributes.every((name) => words.attributes.get(name)!.length === zh.attributes.get(name)!.length),
  );
  const differing = <T,>(values: (words: ReturnType<typeof wordsOf>) => readonly T[]) =>
    values(zh)
      .map((_, i) => i)
      .filter((i) => aligned.some(([, words]) => values(words)[i] !== values(zh)[i]));
  const texts = differing((words) => words.texts);
  const attributes = wordAttributes.map(
    (name) => [name, differing((words) => words.attributes.get(name)!)] as const,
  );
  return Object.fromEntries(
    aligned.map(([language, words]) => {
      const place = profile ? (profile.name[language] ?? profile.name.zh) : '';
      const wording: Wording = {
        lang: languageTags[language],
        title: pageTitle(stringsOf(language), place),
        texts: texts.map((i) => [i, words.texts[i]!]),
        attributes: attributes.flatMap(([name, indexes]) =>
          indexes.map((i): [string, number, string] => [
            name,
            i,
            (words.attributes.get(name) ?? [])[i] ?? '',
          ]),
        ),
      };
      return [language, wording];
    }),
  );
};
