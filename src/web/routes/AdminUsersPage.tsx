import { Badge, Button, Card, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { fmt, messages } from '../../shared/messages';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { CreateUserForm } from '../features/accounts/CreateUserForm';
import { useMe } from '../features/accounts/session';
import type { AdminUser } from '../features/accounts/types';
import { UserTable } from '../features/accounts/UserTable';
import { pemdasInScope, usePemdas } from '../features/regions/usePemdas';
import type { Satker } from '../features/satkers/types';
import { useApiQuery } from '../useApiQuery';

const m = messages.users;

export function AdminUsersPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const me = useMe();
  const pemdas = usePemdas();
  const users = useApiQuery<{ items: AdminUser[] }>('/api/v1/admin/users');
  const [formOpen, setFormOpen] = useState(false);
  // Satkers are only needed for the form; fetched when it first opens.
  const [wantSatkers, setWantSatkers] = useState(false);
  const satkers = useApiQuery<{ items: Satker[] }>(wantSatkers ? '/api/v1/satkers' : null);
  const [text, setText] = useState('');
  const [lastCreated, setLastCreated] = useState<string | null>(null);
  const isPhone = useMediaQuery('(max-width: 36em)');

  const needle = text.trim().toLowerCase();
  const rows = (users.data?.items ?? []).filter(
    (u) => !needle || u.username.toLowerCase().includes(needle) || u.name.toLowerCase().includes(needle),
  );

  const openForm = () => {
    setWantSatkers(true);
    setFormOpen(true);
  };

  const formError = pemdas.error ?? satkers.error;

  return (
    <>
      <PageHeader
        title={m.heading}
        description={m.intro}
        action={
          <Button leftSection={<IconUserPlus size={18} />} onClick={openForm} data-testid="user-add">
            {m.add}
          </Button>
        }
      />
      <Card radius="md" padding="md">
        <Stack gap="md">
          <Group gap="sm" wrap="wrap" align="center">
            <TextInput
              placeholder={m.filterText}
              aria-label={m.filterText}
              leftSection={<IconSearch size={16} />}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              w={{ base: '100%', sm: 320 }}
            />
            {users.data && (
              <Badge variant="light" size="lg" radius="sm" ml={{ sm: 'auto' }}>
                {fmt(messages.common.total, { count: rows.length })}
              </Badge>
            )}
          </Group>
          {users.error ? (
            <ErrorAlert error={users.error} onRetry={users.reload} />
          ) : !users.data ? (
            <Loading />
          ) : rows.length === 0 ? (
            <Text c="dimmed" size="sm" py="md">
              {users.data.items.length === 0 ? m.empty : messages.common.noResults}
            </Text>
          ) : (
            <UserTable users={rows} pemdaByCode={pemdas.byCode} highlightId={lastCreated} />
          )}
        </Stack>
      </Card>

      <Modal
        opened={formOpen}
        onClose={() => setFormOpen(false)}
        title={<Text fw={700}>{m.formTitle}</Text>}
        size="lg"
        fullScreen={isPhone}
        closeButtonProps={{ 'aria-label': messages.common.close }}
      >
        {formError ? (
          <ErrorAlert
            error={formError}
            onRetry={() => {
              pemdas.reload();
              satkers.reload();
            }}
          />
        ) : !pemdas.items || !satkers.data ? (
          <Loading />
        ) : (
          <CreateUserForm
            pemdaOptions={pemdasInScope(pemdas.items, me.pemdaCode)}
            satkers={satkers.data.items}
            defaultPemdaCode={me.pemdaCode}
            pemdaByCode={pemdas.byCode}
            onCancel={() => setFormOpen(false)}
            onCreated={(user) => {
              setFormOpen(false);
              setLastCreated(user.id);
              setText('');
              users.reload();
            }}
          />
        )}
      </Modal>
    </>
  );
}
