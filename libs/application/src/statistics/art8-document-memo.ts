import { Injectable } from '@nestjs/common';
import type { Art8Figures, Art8MetricCode, MetricQuality } from '@registry/projections';

/** What an Art. 8 document is computed from: its figures (invariants checked) and their quality. */
export interface ComputedArt8 {
  readonly figures: Art8Figures;
  readonly status: Readonly<Record<Art8MetricCode, MetricQuality>>;
}

/** Enough for every member state's documents of several years and a few as-of moments each. */
const CAPACITY = 512;

/**
 * Computed Art. 8 figures by member state, year and statistics state (StatisticsMoment.state: which tables, applied
 * to which seq). The figures are a function of that state, so an entry is never stale: when the projection
 * applies an event the key of "now" changes and the next request computes afresh; an --as-of moment's key never
 * changes. Computing reads every counted record of the year (tens of milliseconds at 100 000 reports, growing
 * with the year's size), while statistics offices ask for the same document many times between the rare moments
 * it changes. Entries are frozen: documents share them. Least recently used entries go first.
 */
@Injectable()
export class Art8DocumentMemo {
  private readonly entries = new Map<string, ComputedArt8>();

  get(key: string): ComputedArt8 | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  remember(key: string, computed: ComputedArt8): ComputedArt8 {
    const frozen = deepFreeze(computed);
    this.entries.set(key, frozen);
    if (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return frozen;
  }
}

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};
