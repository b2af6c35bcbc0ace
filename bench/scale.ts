// The size of a run: full by default; `npm run bench -- --quick` (or BENCH_QUICK=1) runs every section at
// small sizes, so CI can show that each one still runs and prints its figures. Quick figures are not
// comparable with full ones, only with the baseline printed beside them.
export const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** `full` in a full run, `small` in a quick one. */
export const scaled = <T>(full: T, small: T): T => (quick ? small : full);

/** A count with thousands separators, for figure labels. */
export const count = (n: number) => n.toLocaleString('en-US');
