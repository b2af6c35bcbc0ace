import { useStrings } from '../i18n.ts';

export const NotFoundPage = () => {
  const t = useStrings();
  return (
    <>
      <h1>{t.notFound}</h1>
      <p>
        <a href="/">{t.home}</a>
      </p>
    </>
  );
};
