// Staff pages speak Chinese and English (citizen pages add the jurisdiction's languages). Each page keeps its
// strings beside it as `{ zh, en }`; these pick the chosen language's, Chinese for any other.
import { useContext } from 'preact/hooks';
import { LanguageContext } from '../i18n.ts';

export type Text<T> = { zh: T; en: T };

/** A picker for `{ zh, en }` values in the chosen language. */
export const usePick = () => {
  const english = useContext(LanguageContext).language === 'en';
  return <T>(text: Text<T>): T => (english ? text.en : text.zh);
};

export const useText = <T>(text: Text<T>): T => usePick()(text);
