// A page only a signed-in person sees: its heading, then its content, or a way to sign in that comes back here.
import type { ComponentChildren } from 'preact';
import { useStrings } from '../i18n.ts';
import { signedIn, signIn } from '../session.ts';

export const SignedInOnly = ({
  title,
  returnTo,
  prompt,
  children,
}: {
  title: string;
  returnTo: string;
  prompt?: string;
  children: ComponentChildren;
}) => {
  const t = useStrings();
  return (
    <>
      <h1>{title}</h1>
      {signedIn() ? (
        children
      ) : (
        <>
          {prompt && <p>{prompt}</p>}
          <button type="button" onClick={() => void signIn(returnTo)}>
            {t.signIn}
          </button>
        </>
      )}
    </>
  );
};
