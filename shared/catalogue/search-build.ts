// Building a search index needs the pinyin of every name and alias; pinyin-pro (a dictionary of several
// hundred kB) is therefore only loaded where indexes are built, never by the search function itself.
import { pinyin } from 'pinyin-pro';
import { indexEntries, type SearchDoc, type SearchIndex } from './search.ts';

const syllables = (text: string) =>
  pinyin(text, { toneType: 'none', type: 'array', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .join(' ');

export const buildSearchIndex = (docs: readonly SearchDoc[]): SearchIndex =>
  indexEntries(
    docs.map((doc) => ({ doc, namePinyin: syllables(doc.name), aliasPinyin: doc.aliases.map(syllables) })),
  );
