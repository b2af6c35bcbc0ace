// Percentiles and timing helpers for the benchmarks.
export const percentile = (values: readonly number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
};

export const median = (values: readonly number[]) => percentile(values, 50);

export const timeAsync = async <T>(fn: () => Promise<T>) => {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
};

export const summary = (samples: readonly number[]) => ({
  p50: percentile(samples, 50).toFixed(2),
  p99: percentile(samples, 99).toFixed(2),
});
