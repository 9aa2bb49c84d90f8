import { fmt, messages } from '../shared/messages';
import { type FieldIssue, isApiError } from './api';

/**
 * The server's schema messages for length and number limits are in English ("Too small: expected
 * string to have >=10 characters", "expected number to be >0"); custom format hints are
 * Indonesian. Show Indonesian either way.
 */
export function describeIssue(issue: FieldIssue): string {
  const limit = /(>=|<=|>|<)\s*(\d+)/.exec(issue.message);
  const n = limit ? Number(limit[2]) + (limit[1] === '>' ? 1 : limit[1] === '<' ? -1 : 0) : undefined;
  const isArray = /\barray\b/.test(issue.message);
  const isNumber = /\b(number|int|bigint)\b/.test(issue.message);
  switch (issue.code) {
    case 'too_small':
      if (n === undefined || !limit) return messages.validation.invalid;
      if (isNumber)
        return limit[1] === '>'
          ? fmt(messages.validation.above, { n: limit[2] ?? n })
          : fmt(messages.validation.minValue, { n: limit[2] ?? n });
      return isArray ? fmt(messages.validation.minItems, { n }) : fmt(messages.validation.minChars, { n });
    case 'too_big':
      if (n === undefined || !limit) return messages.validation.invalid;
      if (isNumber)
        return limit[1] === '<'
          ? fmt(messages.validation.below, { n: limit[2] ?? n })
          : fmt(messages.validation.maxValue, { n: limit[2] ?? n });
      return isArray ? fmt(messages.validation.maxItems, { n }) : fmt(messages.validation.maxChars, { n });
    case 'invalid_format':
    case 'invalid_string':
      return /^Invalid\b/.test(issue.message)
        ? messages.validation.invalid
        : fmt(messages.validation.format, { hint: issue.message });
    case 'invalid_type':
      return messages.validation.required;
    default:
      return /\b(Invalid|expected)\b/.test(issue.message) ? messages.validation.invalid : issue.message;
  }
}

/**
 * Field errors of a `REQUEST.INVALID` answer keyed by the body field they concern
 * (`body.roles.0.satkerCode` → `roles`), first issue per field.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const result: Record<string, string> = {};
  for (const issue of error.fieldIssues) {
    const [scope, field] = issue.field.split('.');
    const key = scope === 'body' && field ? field : issue.field;
    result[key] ??= describeIssue(issue);
  }
  return result;
}

/** After a failed submit: bring the first field marked invalid into view and focus it. */
export function focusFirstInvalid(form: HTMLFormElement) {
  // After React has rendered the error state.
  setTimeout(() => {
    const target = form.querySelector<HTMLElement>(
      '[role="alert"], [aria-invalid="true"], [data-invalid-target]',
    );
    if (!target) return;
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  }, 30);
}
