import type { ChildFigures, ConvictionFigures, MetricQuality, ReportFigures } from '@registry/projections';

export const ART8_METRICS = ['ART8_1_A', 'ART8_1_B', 'ART8_1_C'] as const;
export type Art8Metric = (typeof ART8_METRICS)[number];

export type Disclosure = 'exact' | 'public';

/** A cell's confidentiality, as SDMX's CONF_STATUS: F free, C suppressed small count, D secondary suppression. */
export type Confidentiality = 'F' | 'C' | 'D';

type Nullable<T> = { readonly [K in keyof T]: T[K] extends number ? number | null : T[K] extends object ? Nullable<T[K]> : T[K] };

/**
 * A metric's quality as the document shows it. `pending` counts records (unassessed reports, children in open
 * investigations, non-final convictions): public disclosure withholds it (null) when it is a small count.
 */
export type Art8Quality = Omit<MetricQuality, 'pending'> & { readonly pending: number | null };

/** The Art. 8 document of contract.md: one member state, one year, as of one moment of the log. */
export interface Art8Document {
  readonly memberState: string;
  readonly year: number;
  readonly asOf: { readonly position: string | null; readonly at: string | null };
  readonly disclosure: Disclosure;
  /** null when the metric is declared not available: "no data" is never a zero. */
  readonly a: Nullable<ReportFigures> | null;
  readonly b: Nullable<ChildFigures> | null;
  readonly c: Nullable<ConvictionFigures> | null;
  readonly status: Record<Art8Metric, Art8Quality>;
  /** Cells withheld by public disclosure control, by path (e.g. "b.art3.female"); empty for exact figures. */
  readonly confidentiality: Record<string, Exclude<Confidentiality, 'F'>>;
}

export const PART_OF: Record<Art8Metric, 'a' | 'b' | 'c'> = { ART8_1_A: 'a', ART8_1_B: 'b', ART8_1_C: 'c' };

/** Every numeric cell of a part as [path, value], nested maps flattened with dots. */
export const cellsOf = (part: object | null, prefix: string): [string, number | null][] =>
  part === null
    ? []
    : Object.entries(part).flatMap(([key, value]): [string, number | null][] =>
        value !== null && typeof value === 'object' ? cellsOf(value as object, `${prefix}.${key}`) : [[`${prefix}.${key}`, value as number | null]],
      );
