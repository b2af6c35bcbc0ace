// Staff pages speak Chinese and English (citizen pages add the jurisdiction's languages). Each page keeps its
// strings beside it as `{ zh, en }`; a citizen page adds `bo` (Tibetan) once translated. These pick the chosen
// language's, Chinese for any other.
import { useContext } from 'preact/hooks';
import { LanguageContext } from '../i18n.ts';

export type Text<T> = { zh: T; en: T; bo?: T };

/** A picker for `{ zh, en, bo? }` values in the chosen language. */
export const usePick = () => {
  const { language } = useContext(LanguageContext);
  return <T>(text: Text<T>): T =>
    language === 'en' ? text.en : language === 'bo' && text.bo ? text.bo : text.zh;
};

export const useText = <T>(text: Text<T>): T => usePick()(text);
