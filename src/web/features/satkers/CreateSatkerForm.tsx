import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { fmt, messages } from '../../../shared/messages';
import { api, isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsOf, focusFirstInvalid } from '../../formErrors';
import type { Pemda } from '../regions/types';
import type { CreateSatkerBody, Satker } from './types';

const m = messages.satkers;
const CODE_PATTERN = /^[A-Z0-9][A-Z0-9.-]*$/;

type Field = 'code' | 'name' | 'pemdaCode' | 'address';
const fields: readonly string[] = ['code', 'name', 'pemdaCode', 'address'] satisfies Field[];

/** POST /api/v1/admin/satkers; server refusals (400, 403, 404, 409) are shown in the form. */
export function CreateSatkerForm({
  pemdaOptions,
  defaultPemdaCode,
  onCreated,
  onCancel,
}: {
  pemdaOptions: Pemda[];
  defaultPemdaCode: string | undefined;
  onCreated: (satker: Satker) => void;
  onCancel: () => void;
}) {
  const initialPemda =
    pemdaOptions.find((p) => p.code === defaultPemdaCode)?.code ??
    (pemdaOptions.length === 1 ? pemdaOptions[0]?.code : undefined) ??
    null;
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [pemdaCode, setPemdaCode] = useState<string | null>(initialPemda);
  const [address, setAddress] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const validate = (): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (code.trim().length < 3) found.code = m.codeRequired;
    else if (!CODE_PATTERN.test(code.trim())) found.code = m.codeInvalid;
    if (name.trim().length < 3) found.name = m.nameRequired;
    if (!pemdaCode) found.pemdaCode = m.pemdaRequired;
    return found;
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const found = validate();
    setErrors(found);
    setServerError(null);
    if (Object.keys(found).length > 0 || !pemdaCode) {
      focusFirstInvalid(form);
      return;
    }
    const body: CreateSatkerBody = {
      code: code.trim(),
      name: name.trim(),
      pemdaCode,
      address: address.trim() || null,
    };
    setSubmitting(true);
    try {
      const { satker } = await api.post<{ satker: Satker }>('/api/v1/admin/satkers', body);
      notifications.show({
        color: 'jateng',
        title: m.formTitle,
        message: fmt(m.created, { code: satker.code }),
      });
      onCreated(satker);
    } catch (error) {
      if (isApiError(error) && error.code === 'SATKER.CODE_TAKEN') {
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
    <form onSubmit={submit} noValidate data-testid="satker-form">
      <Stack gap="md">
        <ErrorAlert error={serverError} withFieldIssues={unmappedIssues} testId="satker-form-error" />
        <TextInput
          label={m.code}
          description={m.codeHint}
          placeholder={m.codePlaceholder}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value.toUpperCase().replace(/\s+/g, '-'))}
          error={errors.code}
          withAsterisk
          autoCapitalize="characters"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="satker-code"
          maxLength={40}
        />
        <TextInput
          label={m.name}
          placeholder={m.namePlaceholder}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
          withAsterisk
          data-testid="satker-name"
          maxLength={200}
        />
        <Select
          label={m.pemda}
          data={pemdaOptions.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
          value={pemdaCode}
          onChange={setPemdaCode}
          error={errors.pemdaCode}
          withAsterisk
          searchable
          allowDeselect={false}
          readOnly={pemdaOptions.length === 1}
          nothingFoundMessage={messages.common.noResults}
          data-testid="satker-pemda"
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label={m.address}
          description={messages.common.optional}
          placeholder={m.addressPlaceholder}
          value={address}
          onChange={(event) => setAddress(event.currentTarget.value)}
          error={errors.address}
          autosize
          minRows={2}
          maxLength={500}
          data-testid="satker-address"
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {messages.common.cancel}
          </Button>
          <Button type="submit" loading={submitting} data-testid="satker-submit">
            {messages.common.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
