// 好差评 on the applicant's case page: once the case is concluded, the five levels by name (not by colour or
// stars alone), the aspects and a comment; after rating, the rating itself and, for a bad review, how its
// rectification (整改) goes: the return call, the measures, the unit's reply in full, or the appeal upheld.
import { useEffect, useRef, useState } from 'preact/hooks';
import { send, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { TextArea } from '../staff/text-area.tsx';
import { Choice, Choices } from './choices.tsx';
import { problemsOf } from './problems.tsx';

export const ratingLevelCodes = [1, 2, 3, 4, 5] as const;
export const ratingAspectCodes = ['efficiency', 'attitude', 'guide', 'convenience', 'result'] as const;

export interface RatingView {
  level: number;
  aspects: string[];
  comment?: string;
  channel: string;
  at: string;
}

interface Done {
  at: string;
  by: string;
}
export interface RectificationView {
  caseNumber: string;
  department: string;
  level: number;
  status: string;
  openedAt: string;
  callBy: string;
  rectifyBy: string;
  call?: Done & { reached: boolean; note: string };
  rectified?: Done & { measures: string };
  reply?: Done & { text: string };
  appeal?: Done & { reason: string; decision?: Done & { upheld: boolean; opinion: string } };
  closedAt?: string;
  overdue: Array<'call' | 'rectify'>;
}

interface RatingAnswer {
  rateable: boolean;
  rating: RatingView | null;
  rectification: RectificationView | null;
}

/** A moment's local date in Beijing time, as the deadlines are given. */
export const dayOf = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(new Date(iso));

/** The five levels, the aspects and a comment, posted to `path` with `extra` (the channel, a visit's code). */
export const RateForm = ({
  path,
  extra,
  done,
}: {
  path: string;
  extra: () => Record<string, string>;
  done: () => void;
}) => {
  const t = useStrings();
  const [level, setLevel] = useState<number>();
  const [aspects, setAspects] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (level === undefined) {
      setErrors({ level: t.rateLevelMissing });
      document.querySelector<HTMLInputElement>('input[name="rating-level"]')?.focus();
      return;
    }
    setBusy(true);
    const answer = await send('POST', path, {
      level,
      aspects,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
      ...extra(),
    });
    setBusy(false);
    if (answer.ok) return done();
    // Field problems beside their fields (level, aspects, comment); anything else above the button.
    const { details } = answer.problem;
    setErrors(
      details.length
        ? Object.fromEntries(details.map((d) => [d.path.replace(/^body\./, '').split('.')[0], d.message]))
        : { '': problemsOf(answer.problem, t)[0]?.message ?? t.rateFailed },
    );
  };
  const toggle = (code: string, on: boolean) =>
    setAspects((was) => (on ? [...was, code] : was.filter((a) => a !== code)));
  return (
    <form class="form" noValidate onSubmit={submit}>
      <Choices
        id="rating-level"
        legend={
          <>
            {t.rateLevel}
            <span class="required">{t.requiredMark}</span>
          </>
        }
        error={errors.level}
      >
        {ratingLevelCodes.map((code) => (
          <Choice
            key={code}
            type="radio"
            name="rating-level"
            checked={level === code}
            onCheck={() => setLevel(code)}
          >
            {t.ratingLevels[code]}
          </Choice>
        ))}
      </Choices>
      <Choices id="rating-aspects" legend={t.rateAspects} error={errors.aspects}>
        {ratingAspectCodes.map((code) => (
          <Choice
            key={code}
            type="checkbox"
            name="rating-aspects"
            checked={aspects.includes(code)}
            onCheck={(on) => toggle(code, on)}
          >
            {t.ratingAspects[code]}
          </Choice>
        ))}
      </Choices>
      <TextArea
        id="rating-comment"
        label={t.rateComment}
        hint={t.rateCommentHint}
        error={errors.comment}
        rows={4}
        value={comment}
        onValue={setComment}
      />
      {errors[''] && (
        <p role="alert" class="error">
          ⚠ {errors['']}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t.rateSubmit}
      </button>
    </form>
  );
};

/** The rectification as the rater follows it: each step with its date, the reply in full. */
const Progress = ({ r }: { r: RectificationView }) => {
  const t = useStrings();
  const voided = r.status === 'void';
  return (
    <section aria-labelledby="rect-title">
      <h3 id="rect-title">{t.rectTitle}</h3>
      <p>
        <strong>{t.rectStatus[r.status] ?? r.status}</strong>
      </p>
      {voided ? (
        <>
          <p class="note">{t.rectVoid}</p>
          {r.appeal?.decision && (
            <p>
              {t.rectOpinion}
              {t.colon}
              <span lang="zh-CN">{r.appeal.decision.opinion}</span> ({dayOf(r.appeal.decision.at)})
            </p>
          )}
        </>
      ) : (
        <>
          <p class="hint">{t.rectIntro}</p>
          <dl class="facts">
            <dt>{t.rectCall}</dt>
            <dd>
              {r.call ? (
                <>
                  {dayOf(r.call.at)} · {r.call.reached ? t.rectReached : t.rectNotReached}
                </>
              ) : (
                t.rectCallBy(r.callBy)
              )}
            </dd>
            <dt>{t.rectMeasures}</dt>
            <dd>
              {r.rectified ? (
                <>
                  {dayOf(r.rectified.at)} · <span lang="zh-CN">{r.rectified.measures}</span>
                </>
              ) : (
                t.rectifyBy(r.rectifyBy)
              )}
            </dd>
            {r.reply && (
              <>
                <dt>{t.rectReply}</dt>
                <dd>
                  {dayOf(r.reply.at)}
                  <blockquote lang="zh-CN" class="reply">
                    {r.reply.text}
                  </blockquote>
                </dd>
              </>
            )}
          </dl>
        </>
      )}
    </section>
  );
};

const Given = ({
  rating,
  rectification,
}: {
  rating: RatingView;
  rectification: RectificationView | null;
}) => {
  const t = useStrings();
  return (
    <>
      <dl class="facts">
        <dt>{t.rateLevel}</dt>
        <dd>
          <strong>{t.ratingLevels[rating.level]}</strong>
        </dd>
        <dt>{t.ratedAt}</dt>
        <dd>{dayOf(rating.at)}</dd>
        {rating.aspects.length > 0 && (
          <>
            <dt>{t.ratedAspects}</dt>
            <dd>{rating.aspects.map((a) => t.ratingAspects[a] ?? a).join('、')}</dd>
          </>
        )}
        {rating.comment && (
          <>
            <dt>{t.ratedComment}</dt>
            <dd lang="zh-CN">{rating.comment}</dd>
          </>
        )}
      </dl>
      {rectification && <Progress r={rectification} />}
    </>
  );
};

/** The case page's rating section: nothing until the case may be rated or has been. */
export const RatingSection = ({ caseNumber }: { caseNumber: string }) => {
  const t = useStrings();
  const [version, setVersion] = useState(0);
  const [thanked, setThanked] = useState(false);
  const answer = useApi<RatingAnswer>(`/cases/${encodeURIComponent(caseNumber)}/rating`, version);
  const thanks = useRef<HTMLParagraphElement>(null);
  const given = answer.state === 'ready' && answer.value.rating !== null;
  useEffect(() => {
    if (thanked && given) thanks.current?.focus();
  }, [thanked, given]);
  if (answer.state !== 'ready') return null;
  const { rateable, rating, rectification } = answer.value;
  if (!rateable && !rating) return null;
  return (
    <section aria-labelledby="rating-title" class="rating">
      <h2 id="rating-title">{rating ? t.yourRating : t.rateTitle}</h2>
      {thanked && rating && (
        <p class="note done" tabIndex={-1} ref={thanks} aria-live="polite">
          {t.rated}
        </p>
      )}
      {rating ? (
        <Given rating={rating} rectification={rectification} />
      ) : (
        <>
          <p>{t.rateIntro}</p>
          <RateForm
            path={`/cases/${encodeURIComponent(caseNumber)}/rating`}
            extra={() => ({
              channel: globalThis.matchMedia?.('(max-width: 767px)').matches ? 'mobile' : 'pc',
            })}
            done={() => {
              setThanked(true);
              setVersion((v) => v + 1);
            }}
          />
        </>
      )}
    </section>
  );
};
