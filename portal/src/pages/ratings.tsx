// 好差评公示: the published figures of the ratings, for anyone: the counts and shares per level and the rates
// overall, then per department a table and a bar chart drawn with CSS whose numbers are text beside each
// bar, then per service item, the most rated first.
import { useContext } from 'preact/hooks';
import { type JurisdictionProfile, useApi } from '../api.ts';
import { LanguageContext, useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { ratingLevelCodes } from './rating.tsx';

interface Figures {
  levels: Record<string, number>;
  bad: number;
  rectified: number;
  onTime: number;
  voided: number;
  total: number;
  satisfactionRate: number | null;
  rectificationRate: number | null;
  onTimeRate: number | null;
}
interface Stats {
  all: Figures;
  departments: Array<Figures & { code: string }>;
  items: Array<Figures & { code: string; name?: string }>;
}

/** Bars whose numbers are text beside each bar, so no colour or length is needed to read them. */
const Bars = ({
  id,
  rows,
}: {
  id: string;
  rows: Array<{ key: string; label: string; share: number; value: string }>;
}) => (
  <ul class="bars" aria-labelledby={id}>
    {rows.map((r) => (
      <li key={r.key}>
        <span class="bar-label">{r.label}</span>
        <span class="bar-track" aria-hidden="true">
          <span class="bar" style={{ width: `${r.share}%` }} />
        </span>
        <span class="bar-value">{r.value}</span>
      </li>
    ))}
  </ul>
);

/** One row per department or item: counts and rates, the table scrolling sideways on a phone. */
const FiguresTable = ({
  id,
  caption,
  first,
  rows,
}: {
  id: string;
  caption: string;
  first: string;
  rows: Array<Figures & { key: string; label: string; lang?: string }>;
}) => {
  const t = useStrings();
  return (
    // A phone scrolls the table sideways: the keyboard can too, as the region takes the focus.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section class="table-scroll" aria-labelledby={id} tabIndex={0}>
      <table class="figures">
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            {[first, t.statsTotal, t.statsBad, t.satisfactionRate, t.rectificationRate, t.onTimeRate].map(
              (c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.key}>
              <th scope="row" lang={d.lang}>
                {d.label}
              </th>
              <td>{d.total}</td>
              <td>{d.bad - d.voided}</td>
              <td>{t.percent(d.satisfactionRate)}</td>
              <td>{t.percent(d.rectificationRate)}</td>
              <td>{t.percent(d.onTimeRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};

export const RatingsPage = () => {
  const t = useStrings();
  const { language } = useContext(LanguageContext);
  const stats = useApi<Stats>('/ratings/stats');
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const nameOf = (code: string) => {
    const d =
      jurisdiction.state === 'ready'
        ? jurisdiction.value.departments.find((x) => x.code === code)
        : undefined;
    return (language === 'en' && d?.nameEn) || d?.name || code;
  };
  if (stats.state !== 'ready')
    return (
      <>
        <h1>{t.statsTitle}</h1>
        <Status of={stats} />
      </>
    );
  const { all, departments } = stats.value;
  const rated = departments.filter((d) => d.total > 0);
  // The most rated items first.
  const items = (stats.value.items ?? []).filter((i) => i.total > 0).sort((a, b) => b.total - a.total);
  const share = (n: number) => (all.total > 0 ? Math.round((n / all.total) * 100) : 0);
  return (
    <>
      <h1>{t.statsTitle}</h1>
      <p>{t.statsIntro}</p>
      <section aria-labelledby="stats-all">
        <h2 id="stats-all">{t.statsAll}</h2>
        <dl class="facts figures">
          <dt>{t.statsTotal}</dt>
          <dd>{all.total}</dd>
          <dt>{t.satisfactionRate}</dt>
          <dd>{t.percent(all.satisfactionRate)}</dd>
          <dt>{t.rectificationRate}</dt>
          <dd>{t.percent(all.rectificationRate)}</dd>
          <dt>{t.onTimeRate}</dt>
          <dd>{t.percent(all.onTimeRate)}</dd>
        </dl>
        <div class="table-scroll">
          <table>
            <caption>{t.statsLevels}</caption>
            <thead>
              <tr>
                <th scope="col">{t.statsLevel}</th>
                <th scope="col">{t.statsCount}</th>
              </tr>
            </thead>
            <tbody>
              {ratingLevelCodes.map((level) => (
                <tr key={level}>
                  <th scope="row">{t.ratingLevels[level]}</th>
                  <td>{all.levels[level] ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {all.total > 0 && (
          <>
            <h3 id="stats-levels-chart">{t.statsLevelsChart}</h3>
            <Bars
              id="stats-levels-chart"
              rows={ratingLevelCodes.map((level) => ({
                key: String(level),
                label: t.ratingLevels[level] ?? String(level),
                share: share(all.levels[level] ?? 0),
                value: `${share(all.levels[level] ?? 0)}%`,
              }))}
            />
          </>
        )}
      </section>
      <section aria-labelledby="stats-departments">
        <h2 id="stats-departments">{t.statsDepartments}</h2>
        {rated.length === 0 ? (
          <p>{t.statsNone}</p>
        ) : (
          <>
            <FiguresTable
              id="stats-by-department"
              caption={t.statsDepartments}
              first={t.statsDepartment}
              rows={rated.map((d) => ({ ...d, key: d.code, label: nameOf(d.code) }))}
            />
            <h3 id="stats-chart">{t.statsChart}</h3>
            <Bars
              id="stats-chart"
              rows={rated.map((d) => ({
                key: d.code,
                label: nameOf(d.code),
                share: d.satisfactionRate ?? 0,
                value: t.percent(d.satisfactionRate),
              }))}
            />
          </>
        )}
      </section>
      {items.length > 0 && (
        <section aria-labelledby="stats-items">
          <h2 id="stats-items">{t.statsItems}</h2>
          <FiguresTable
            id="stats-by-item"
            caption={t.statsItems}
            first={t.statsItem}
            rows={items.map((i) => ({ ...i, key: i.code, label: i.name ?? i.code, lang: 'zh-CN' }))}
          />
        </section>
      )}
    </>
  );
};
