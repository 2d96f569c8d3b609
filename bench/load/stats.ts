// Small statistics for the load benchmark's figures.

/** The nearest-rank percentile (p in 0..100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** "p50 x ms, p99 y ms, max z ms" with the given decimals. */
export function spread(values: readonly number[], decimals = 1): string {
  const ms = (v: number) => `${v.toFixed(decimals)} ms`;
  return `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(Math.max(...values))}`;
}
