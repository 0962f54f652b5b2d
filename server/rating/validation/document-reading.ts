// Semantic checks read documents that may not match their schema (its errors are reported too), so
// they read through these guards and skip whatever does not have the expected shape.
import { Exact, isKnownCurrency } from '../money';
import { parseInstant } from './instant';
import { formatJsonPath, type PathSegment } from './json-path';
import type { ValidationIssue } from './validation-outcome';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The entries of a list, or none when the value is not a list. */
export function entriesOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A well-formed decimal string as an exact number; undefined for anything else. */
export function decimalOf(value: unknown): Exact | undefined {
  return typeof value === 'string' ? Exact.parse(value) : undefined;
}

/** A well-formed instant as milliseconds since the epoch; undefined for anything else. */
export function instantOf(value: unknown): number | undefined {
  return typeof value === 'string' ? parseInstant(value) : undefined;
}

export function issueAt(segments: readonly PathSegment[], message: string): ValidationIssue {
  return { path: formatJsonPath(segments), message };
}

/** Reports a well-formed currency code (three capitals) that is not an active ISO 4217 code. */
export function checkKnownCurrency(
  value: unknown,
  segments: readonly PathSegment[],
  issues: ValidationIssue[],
): void {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value) || isKnownCurrency(value)) return;
  issues.push(
    issueAt(
      segments,
      `unknown currency "${value}": expected an active ISO 4217 code such as "USD"`,
    ),
  );
}
