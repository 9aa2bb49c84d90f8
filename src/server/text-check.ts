import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/errors';

/**
 * Text PostgreSQL cannot take: NUL (`text` and `jsonb` refuse U+0000) and lone UTF-16
 * surrogates (from JSON escapes such as "\ud800"; the driver would turn them into U+FFFD or the
 * server refuse them). Checked at the edge, so such text answers 400 (or a per-row
 * FIELD.INVALID in a partner batch) instead of failing a statement.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for.
const UNSTORABLE = /\u0000|\p{Cs}/u;

export const UNSTORABLE_TEXT_MESSAGE = 'berisi karakter NUL atau Unicode yang tidak sah';

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

interface Node {
  value: unknown;
  key: string | number | null;
  parent: Node | null;
}

function pathOf(node: Node): Array<string | number> {
  const path: Array<string | number> = [];
  for (let at: Node | null = node; at && at.key !== null; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * Paths of the strings (values or object keys) in a parsed JSON value, a query or params
 * object that PostgreSQL cannot store, in document order, at most `limit`. Iterative, so a
 * deeply nested body cannot overflow the stack.
 */
export function findUnstorableText(value: unknown, limit = 10): Array<Array<string | number>> {
  const found: Array<Array<string | number>> = [];
  const stack: Node[] = [{ value, key: null, parent: null }];
  while (stack.length > 0 && found.length < limit) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === 'string') {
      if (!isStorableText(current)) found.push(pathOf(node));
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], key: index, parent: node });
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index]!;
        // A bad key is reported as the field itself; its value is not looked into.
        if (!isStorableText(key)) found.push(pathOf({ value: null, key, parent: node }));
        else stack.push({ value: (current as Record<string, unknown>)[key], key, parent: node });
      }
    }
  }
  return found;
}

/**
 * Throws 400 REQUEST.INVALID naming each field (`<part>.<path>`, as schema errors do) whose
 * text PostgreSQL cannot store.
 */
export function assertStorableText(parts: Record<string, unknown>) {
  const details: Array<{ field: string; code: string; message: string }> = [];
  for (const [part, value] of Object.entries(parts)) {
    for (const path of findUnstorableText(value)) {
      details.push({
        field: [part, ...path].join('.'),
        code: 'invalid_text',
        message: UNSTORABLE_TEXT_MESSAGE,
      });
    }
  }
  if (details.length > 0) {
    throw new AppError('REQUEST.INVALID', 'Permintaan tidak valid: periksa kolom yang disebutkan.', details);
  }
}

/**
 * Checks every request's headers, path parameters, query and (already parsed) JSON body before
 * its schema runs. Contexts that parse their own body (the Partner API) check it themselves.
 */
export function registerTextCheck(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    assertStorableText({
      headers: request.headers,
      params: request.params,
      querystring: request.query,
      body: request.body,
    });
  });
}
