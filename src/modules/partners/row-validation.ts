import type { z } from 'zod';
import { findUnstorableText, isStorableText } from '../../server/text-check';
import type { RejectedRow } from './partners.service';

export interface RowError {
  field: string;
  code: string;
  message: string;
}

export interface ValidRow<T> {
  index: number;
  value: T;
}

/**
 * Validates each row of a partner batch on its own: a bad row is reported by index, field and
 * code, and never stops its neighbours (DOMAIN.md "Sync").
 */
export function validateRows<T>(
  rows: unknown[],
  schema: z.ZodType<T>,
  externalIdOf: (row: unknown) => string | null,
): { valid: ValidRow<T>[]; rejected: RejectedRow[] } {
  const valid: ValidRow<T>[] = [];
  const rejected: RejectedRow[] = [];
  rows.forEach((row, index) => {
    // Text PostgreSQL cannot store (NUL, lone surrogates, dates outside 0001–9999) rejects its row alone.
    const textErrors: RowError[] = findUnstorableText(row).map(({ path, message }) => ({
      field: path.join('.') || '(row)',
      code: 'FIELD.INVALID',
      message,
    }));
    const result = schema.safeParse(row);
    if (result.success && textErrors.length === 0) {
      valid.push({ index, value: result.data });
    } else {
      const schemaErrors = (result.error?.issues ?? []).map((issue) => ({
        field: issue.path.join('.') || '(row)',
        code:
          valueAt(row, issue.path) == null && issue.code === 'invalid_type'
            ? 'FIELD.REQUIRED'
            : 'FIELD.INVALID',
        message: issue.message,
      }));
      const textFields = new Set(textErrors.map((error) => error.field));
      rejected.push({
        index,
        externalId: externalIdOf(row),
        errors: [...textErrors, ...schemaErrors.filter((error) => !textFields.has(error.field))],
      });
    }
  });
  return { valid, rejected };
}

export function externalIdField(name: string) {
  return (row: unknown): string | null => {
    if (row && typeof row === 'object' && name in row) {
      const value = (row as Record<string, unknown>)[name];
      if (typeof value !== 'string' || !isStorableText(value)) return null;
      // Clipped to the column, never between the two halves of a surrogate pair.
      const clipped = value.slice(0, 64);
      return /[\ud800-\udbff]$/.test(clipped) ? clipped.slice(0, -1) : clipped;
    }
    return null;
  };
}

/** Keeps, per key, the row with the latest `updatedAt` (a batch may repeat a key). */
export function latestPerKey<T extends { updatedAt: Date }>(
  rows: ValidRow<T>[],
  keyOf: (row: T) => string,
): ValidRow<T>[] {
  const byKey = new Map<string, ValidRow<T>>();
  for (const row of rows) {
    const key = keyOf(row.value);
    const current = byKey.get(key);
    if (!current || current.value.updatedAt <= row.value.updatedAt) byKey.set(key, row);
  }
  return [...byKey.values()];
}

function valueAt(row: unknown, path: PropertyKey[]): unknown {
  let value: unknown = row;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
