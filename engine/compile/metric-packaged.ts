/**
 * The metric reader of a function packaged without the OnMetricDataUpdate catalogue
 * (grammar/catalogue/index.ts `packagedSourceVar`): such a function refuses a metric
 * rule when validating it (its catalogue of that source has no rows), so this stand-in
 * is reached only by a function compiled without validation; it names the cause
 * rather than leaving engine/compile/metric-leaves.ts in every bundle.
 */
import type { ReaderCompiler } from './reader.ts';

export class MetricsNotPackagedError extends Error {
  constructor() {
    super('this function was packaged without the catalogue of OnMetricDataUpdate (it does not evaluate that event source), but a rule has a metric condition');
    this.name = new.target.name;
  }
}

export const METRIC_NOT_PACKAGED: ReaderCompiler<'metric'> = () => {
  throw new MetricsNotPackagedError();
};
