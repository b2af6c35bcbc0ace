// 提示 the news of a staff page after an action, for sighted, screen-reader and keyboard users alike.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/** What an action led to: text, and a count so that saying the same again is news again. */
export interface Said {
  text: string;
  n: number;
}
export const useNews = () => {
  const [said, setSaid] = useState<Said>({ text: '', n: 0 });
  return [said, (text: string) => setSaid((s) => ({ text, n: s.n + 1 }))] as const;
};

/**
 * A polite live region, in the page from the start so that screen readers follow it; it takes the keyboard
 * focus when news comes, as the control that led to it may be gone from the page.
 */
export const News = ({ said, children }: { said: Said; children?: ComponentChildren }) => {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (said.n > 0) ref.current?.focus();
  }, [said]);
  return (
    <p ref={ref} tabIndex={-1} aria-live="polite" class={said.text ? 'live note' : 'live'}>
      {said.text && (
        <>
          {said.text}
          {children}
        </>
      )}
    </p>
  );
};
