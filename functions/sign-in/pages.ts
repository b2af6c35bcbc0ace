// The few pages a person sees at tongban itself while signing in: the choice of upstream provider (when the
// jurisdiction has several) and an error with a way to start over. Plain HTML, every value escaped.
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6}
a.choice{display:block;padding:.75rem 1rem;margin:.5rem 0;border:1px solid #ccc;border-radius:.4rem;text-decoration:none}</style>
</head><body>${body}</body></html>`;

export const chooserPage = (
  jurisdictionName: string,
  choices: ReadonlyArray<{ name: string; href: string }>,
) =>
  page(
    `登录 · ${jurisdictionName}`,
    `<h1>${escapeHtml(jurisdictionName)} 政务服务 · 登录</h1><p>请选择登录方式 Choose how to sign in:</p>${choices
      .map((c) => `<a class="choice" href="${escapeHtml(c.href)}">${escapeHtml(c.name)}</a>`)
      .join('')}`,
  );

export const errorPage = (message: string) =>
  page(
    '登录未完成 Sign-in not completed',
    `<h1>登录未完成 Sign-in not completed</h1><p>${escapeHtml(message)}</p><p>请返回应用重新登录。Go back to the application and sign in again.</p>`,
  );

/** The confirmation of RP-initiated sign-out; `form` is the provider's own form (with its CSRF token). */
export const signOutPage = (jurisdictionName: string, form: string) =>
  page(
    `退出登录 · ${jurisdictionName}`,
    `${form}<h1>退出登录 Sign out</h1><p>确认退出${escapeHtml(jurisdictionName)}政务服务的登录？ Sign out of ${escapeHtml(jurisdictionName)} government services?</p>
<p><button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>退出 Sign out</button>
<button type="submit" form="op.logoutForm">保持登录 Stay signed in</button></p>`,
  );
