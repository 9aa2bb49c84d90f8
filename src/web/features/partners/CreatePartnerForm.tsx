import { Button, Group, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { messages } from '../../../shared/messages';
import { api, isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsOf, focusFirstInvalid } from '../../formErrors';
import type { CreatePartnerBody, CreatePartnerResult } from './types';

const m = messages.partners;
const CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

type Field = 'code' | 'name' | 'baseUrl' | 'joinedAt';
const fields: readonly string[] = ['code', 'name', 'baseUrl', 'joinedAt'] satisfies Field[];

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** POST /api/v1/admin/partners; server refusals (400, 403, 409) are shown in the form. */
export function CreatePartnerForm({
  onCreated,
  onCancel,
}: {
  onCreated: (result: CreatePartnerResult) => void;
  onCancel: () => void;
}) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [joinedAt, setJoinedAt] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const validate = (): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (code.trim().length < 2) found.code = m.codeRequired;
    else if (!CODE_PATTERN.test(code.trim())) found.code = m.codeInvalid;
    if (name.trim().length < 2) found.name = m.nameRequired;
    if (!isHttpUrl(baseUrl.trim())) found.baseUrl = m.baseUrlInvalid;
    if (joinedAt && !DATE_PATTERN.test(joinedAt)) found.joinedAt = m.joinedAtInvalid;
    return found;
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const found = validate();
    setErrors(found);
    setServerError(null);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(form);
      return;
    }
    const body: CreatePartnerBody = {
      code: code.trim(),
      name: name.trim(),
      baseUrl: baseUrl.trim(),
      ...(joinedAt ? { joinedAt } : {}),
    };
    setSubmitting(true);
    try {
      onCreated(await api.post<CreatePartnerResult>('/api/v1/admin/partners', body));
    } catch (error) {
      if (isApiError(error) && error.code === 'PARTNER.CODE_TAKEN') {
        // Shown next to the code field only.
        setErrors({ code: error.message });
      } else {
        setErrors(fieldErrorsOf(error));
        setServerError(error);
      }
      focusFirstInvalid(form);
    } finally {
      setSubmitting(false);
    }
  };

  const unmappedIssues =
    isApiError(serverError) &&
    serverError.fieldIssues.some((i) => !fields.includes(i.field.split('.')[1] ?? ''));

  return (
    <form onSubmit={submit} noValidate data-testid="partner-form">
      <Stack gap="md">
        <ErrorAlert error={serverError} withFieldIssues={unmappedIssues} testId="partner-form-error" />
        <TextInput
          label={m.code}
          description={m.codeHint}
          placeholder={m.codePlaceholder}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value.toLowerCase().replace(/[\s_]+/g, '-'))}
          error={errors.code}
          withAsterisk
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="partner-code"
          maxLength={40}
        />
        <TextInput
          label={m.name}
          placeholder={m.namePlaceholder}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
          withAsterisk
          data-testid="partner-name"
          maxLength={200}
        />
        <TextInput
          label={m.baseUrl}
          description={m.baseUrlHint}
          placeholder={m.baseUrlPlaceholder}
          type="url"
          inputMode="url"
          value={baseUrl}
          onChange={(event) => setBaseUrl(event.currentTarget.value)}
          error={errors.baseUrl}
          withAsterisk
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          data-testid="partner-base-url"
          maxLength={500}
        />
        <TextInput
          label={m.joinedAt}
          description={m.joinedAtHint}
          type="date"
          value={joinedAt}
          onChange={(event) => setJoinedAt(event.currentTarget.value)}
          error={errors.joinedAt}
          w={{ base: '100%', xs: 220 }}
          data-testid="partner-joined-at"
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {messages.common.cancel}
          </Button>
          <Button type="submit" loading={submitting} data-testid="partner-submit">
            {messages.common.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
