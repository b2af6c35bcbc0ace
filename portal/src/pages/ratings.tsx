// 好差评公示: the published figures of the ratings, for anyone: the counts per level and the rates overall,
// then per department a table and a bar chart drawn with CSS whose numbers are text beside each bar.
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
}

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
      </section>
      <section aria-labelledby="stats-departments">
        <h2 id="stats-departments">{t.statsDepartments}</h2>
        {rated.length === 0 ? (
          <p>{t.statsNone}</p>
        ) : (
          <>
            {/* A phone scrolls the table sideways: the keyboard can too, as the region takes the focus. */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
            <section class="table-scroll" aria-labelledby="stats-by-department" tabIndex={0}>
              <table class="figures">
                <caption id="stats-by-department">{t.statsDepartments}</caption>
                <thead>
                  <tr>
                    {[
                      t.statsDepartment,
                      t.statsTotal,
                      t.statsBad,
                      t.satisfactionRate,
                      t.rectificationRate,
                      t.onTimeRate,
                    ].map((c) => (
                      <th key={c} scope="col">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rated.map((d) => (
                    <tr key={d.code}>
                      <th scope="row">{nameOf(d.code)}</th>
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
            <h3 id="stats-chart">{t.statsChart}</h3>
            {/* The bars repeat the table's numbers; each bar's number is text, so no colour is needed. */}
            <ul class="bars" aria-labelledby="stats-chart">
              {rated.map((d) => (
                <li key={d.code}>
                  <span class="bar-label">{nameOf(d.code)}</span>
                  <span class="bar-track" aria-hidden="true">
                    <span class="bar" style={{ width: `${d.satisfactionRate ?? 0}%` }} />
                  </span>
                  <span class="bar-value">{t.percent(d.satisfactionRate)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
};
