import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { fmt, messages } from '../../../shared/messages';
import { api, isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsOf, focusFirstInvalid } from '../../formErrors';
import type { Pemda } from '../regions/types';
import { pemdaName } from '../regions/usePemdas';
import type { Satker } from '../satkers/types';
import { type AdminUser, type CreateUserBody, pemdaRoles, type Role, type RoleGrant, roles } from './types';

const m = messages.users;
const USERNAME_PATTERN = /^[a-zA-Z0-9._-]+$/;

type Field = 'username' | 'name' | 'password' | 'roles';
type Errors = Partial<Record<Field, string>> & { scopes?: Partial<Record<Role, string>> };
const mappedFields: readonly string[] = ['username', 'name', 'password', 'roles'] satisfies Field[];

const isPemdaRole = (role: Role) => pemdaRoles.includes(role);

/**
 * POST /api/v1/admin/users. Pemda roles (operator, petugas UMKM, auditor) take one pemda; satker
 * roles (PP, PPK, bendahara) take one or more satkers, sent as one grant per satker.
 */
export function CreateUserForm({
  pemdaOptions,
  satkers,
  defaultPemdaCode,
  pemdaByCode,
  onCreated,
  onCancel,
}: {
  pemdaOptions: Pemda[];
  satkers: Satker[];
  defaultPemdaCode: string | undefined;
  pemdaByCode: Map<string, Pemda>;
  onCreated: (user: AdminUser) => void;
  onCancel: () => void;
}) {
  const initialPemda =
    pemdaOptions.find((p) => p.code === defaultPemdaCode)?.code ??
    (pemdaOptions.length === 1 ? pemdaOptions[0]?.code : undefined) ??
    null;
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [selected, setSelected] = useState<Role[]>([]);
  const [pemdaFor, setPemdaFor] = useState<Partial<Record<Role, string | null>>>({});
  const [satkersFor, setSatkersFor] = useState<Partial<Record<Role, string[]>>>({});
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const pemdaData = pemdaOptions.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }));
  const satkerGroups = [...new Set(satkers.map((s) => s.pemdaCode))].map((code) => ({
    group: pemdaName(pemdaByCode, code),
    items: satkers
      .filter((s) => s.pemdaCode === code)
      .map((s) => ({ value: s.code, label: `${s.code} — ${s.name}` })),
  }));

  const toggleRole = (role: Role, checked: boolean) => {
    setSelected((current) =>
      checked ? roles.filter((r) => r === role || current.includes(r)) : current.filter((r) => r !== role),
    );
    if (checked && isPemdaRole(role) && pemdaFor[role] === undefined) {
      setPemdaFor((current) => ({ ...current, [role]: initialPemda }));
    }
  };

  const grants = (): RoleGrant[] =>
    selected.flatMap((role): RoleGrant[] =>
      isPemdaRole(role)
        ? [{ role, pemdaCode: pemdaFor[role] ?? null, satkerCode: null }]
        : (satkersFor[role] ?? []).map((satkerCode) => ({ role, pemdaCode: null, satkerCode })),
    );

  const validate = (): Errors => {
    const found: Errors = {};
    if (username.trim().length < 3) found.username = m.usernameRequired;
    else if (!USERNAME_PATTERN.test(username.trim())) found.username = m.usernameInvalid;
    if (!name.trim()) found.name = m.nameRequired;
    if (password.length < 10) found.password = m.passwordTooShort;
    if (selected.length === 0) found.roles = m.rolesRequired;
    const scopes: Partial<Record<Role, string>> = {};
    for (const role of selected) {
      if (isPemdaRole(role) && !pemdaFor[role]) scopes[role] = m.pemdaRequired;
      if (!isPemdaRole(role) && (satkersFor[role] ?? []).length === 0) scopes[role] = m.satkersRequired;
    }
    if (Object.keys(scopes).length > 0) found.scopes = scopes;
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
    const body: CreateUserBody = { username: username.trim(), name: name.trim(), password, roles: grants() };
    setSubmitting(true);
    try {
      const { user } = await api.post<{ user: AdminUser }>('/api/v1/admin/users', body);
      notifications.show({
        color: 'jateng',
        title: m.formTitle,
        message: fmt(m.created, { username: user.username }),
      });
      onCreated(user);
    } catch (error) {
      if (isApiError(error) && error.code === 'USER.USERNAME_TAKEN') {
        // Shown next to the username field only.
        setErrors({ username: error.message });
      } else {
        const byField: Errors = fieldErrorsOf(error);
        if (isApiError(error) && error.code === 'USER.INVALID_ROLE_SCOPE') byField.roles = error.message;
        setErrors(byField);
        setServerError(error);
      }
      focusFirstInvalid(form);
    } finally {
      setSubmitting(false);
    }
  };

  const unmappedIssues =
    isApiError(serverError) &&
    serverError.fieldIssues.some((i) => !mappedFields.includes(i.field.split('.')[1] ?? ''));

  return (
    <form onSubmit={submit} noValidate data-testid="user-form">
      <Stack gap="md">
        <ErrorAlert error={serverError} withFieldIssues={unmappedIssues} testId="user-form-error" />
        <TextInput
          label={m.name}
          placeholder={m.namePlaceholder}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
          withAsterisk
          maxLength={200}
          data-testid="user-name"
        />
        <TextInput
          label={m.username}
          description={m.usernameHint}
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
          error={errors.username}
          withAsterisk
          autoCapitalize="none"
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          data-testid="user-username"
        />
        <PasswordInput
          label={m.password}
          description={m.passwordHint}
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={errors.password}
          withAsterisk
          autoComplete="new-password"
          maxLength={200}
          data-testid="user-password"
        />

        <Fieldset legend={m.roles} radius="md" variant="filled">
          <Text size="xs" c="dimmed" mb="sm">
            {m.rolesHint}
          </Text>
          <Stack gap="xs">
            {roles.map((role) => {
              const checked = selected.includes(role);
              const scopeError = errors.scopes?.[role];
              return (
                <Paper
                  key={role}
                  p="sm"
                  radius="md"
                  bg={checked ? 'white' : 'transparent'}
                  style={{ borderColor: checked ? 'var(--mantine-color-jateng-3)' : undefined }}
                  data-testid={`user-role-${role}`}
                >
                  <Checkbox
                    label={
                      <Text fw={600} size="sm">
                        {messages.roles[role]}
                      </Text>
                    }
                    description={messages.roleDescriptions[role]}
                    checked={checked}
                    onChange={(event) => toggleRole(role, event.currentTarget.checked)}
                  />
                  {checked && (
                    <Stack gap={4} mt="sm" pl={{ base: 0, xs: 32 }}>
                      {isPemdaRole(role) ? (
                        <Select
                          label={fmt(m.pemdaFor, { role: messages.roles[role] })}
                          data={pemdaData}
                          value={pemdaFor[role] ?? null}
                          onChange={(value) => setPemdaFor((current) => ({ ...current, [role]: value }))}
                          error={scopeError}
                          searchable
                          allowDeselect={false}
                          readOnly={pemdaOptions.length === 1}
                          nothingFoundMessage={messages.common.noResults}
                          data-testid={`user-pemda-${role}`}
                        />
                      ) : satkers.length === 0 ? (
                        <Text size="sm" c="sogan.8">
                          {m.noSatkersAvailable}
                        </Text>
                      ) : (
                        <MultiSelect
                          label={fmt(m.satkersFor, { role: messages.roles[role] })}
                          placeholder={m.satkersPlaceholder}
                          data={satkerGroups}
                          value={satkersFor[role] ?? []}
                          onChange={(value) => setSatkersFor((current) => ({ ...current, [role]: value }))}
                          error={scopeError}
                          searchable
                          clearable
                          hidePickedOptions
                          nothingFoundMessage={messages.common.noResults}
                          data-testid={`user-satkers-${role}`}
                        />
                      )}
                    </Stack>
                  )}
                </Paper>
              );
            })}
          </Stack>
          {errors.roles && (
            <Text size="sm" c="red.7" mt="sm" role="alert" tabIndex={-1} data-invalid-target>
              {errors.roles}
            </Text>
          )}
        </Fieldset>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {messages.common.cancel}
          </Button>
          <Button type="submit" loading={submitting} data-testid="user-submit">
            {messages.common.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
