// A panel that opens on a click takes the focus to its heading, so keyboard and screen-reader users land
// where the new content starts (the heading needs tabIndex={-1}).
import { useEffect, useRef } from 'preact/hooks';

export const useFocusOnOpen = <T extends HTMLElement>(key: unknown) => {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), [key]);
  return ref;
};
