import { asc, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { categories } from './catalog.schema';
import { categoryData } from './categories.data';

export interface CategoryView {
  code: string;
  name: string;
  parentCode: string | null;
  taxKind: 'ppn' | 'pbjt';
}

/** Writes the category tree from categories.data.ts (insert new, update names); runs at every start. */
export async function ensureCategories(db: DbOrTx): Promise<void> {
  await db
    .insert(categories)
    .values(categoryData.map((c, index) => ({ ...c, sortOrder: index })))
    .onConflictDoUpdate({
      target: categories.code,
      set: {
        name: sql`excluded.name`,
        parentCode: sql`excluded.parent_code`,
        taxKind: sql`excluded.tax_kind`,
        sortOrder: sql`excluded.sort_order`,
      },
    });
}

export async function listCategories(db: DbOrTx): Promise<CategoryView[]> {
  return db
    .select({
      code: categories.code,
      name: categories.name,
      parentCode: categories.parentCode,
      taxKind: categories.taxKind,
    })
    .from(categories)
    .orderBy(asc(categories.sortOrder), asc(categories.code));
}

/** The subset of `codes` that exist, with their tax kind. */
export async function findCategories(db: DbOrTx, codes: string[]): Promise<Map<string, CategoryView>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({
      code: categories.code,
      name: categories.name,
      parentCode: categories.parentCode,
      taxKind: categories.taxKind,
    })
    .from(categories)
    .where(inArray(categories.code, codes));
  return new Map(rows.map((row) => [row.code, row]));
}
