import { Badge, Button, Card, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { IconMapPin, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { fmt, messages } from '../../shared/messages';
import { withQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useMe } from '../features/accounts/session';
import { pemdasInScope, usePemdas } from '../features/regions/usePemdas';
import { CreateSatkerForm } from '../features/satkers/CreateSatkerForm';
import { SatkerTable } from '../features/satkers/SatkerTable';
import type { Satker } from '../features/satkers/types';
import { useApiQuery } from '../useApiQuery';

const m = messages.satkers;
const ALL = 'all';

export function AdminSatkersPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const me = useMe();
  const pemdas = usePemdas();
  const options = pemdasInScope(pemdas.items, me.pemdaCode);
  const singlePemda = options.length === 1 ? options[0] : undefined;

  const [pemdaFilter, setPemdaFilter] = useState<string>(ALL);
  const [text, setText] = useState('');
  const [formOpen, setFormOpen] = useState(false);
  const [lastCreated, setLastCreated] = useState<string | null>(null);
  const isPhone = useMediaQuery('(max-width: 36em)');

  const satkers = useApiQuery<{ items: Satker[] }>(
    withQuery('/api/v1/satkers', {
      pemdaCode: singlePemda ? singlePemda.code : pemdaFilter === ALL ? undefined : pemdaFilter,
    }),
  );
  const needle = text.trim().toLowerCase();
  const rows = (satkers.data?.items ?? []).filter(
    (s) => !needle || s.code.toLowerCase().includes(needle) || s.name.toLowerCase().includes(needle),
  );

  return (
    <>
      <PageHeader
        title={m.heading}
        description={m.intro}
        action={
          <Button
            leftSection={<IconPlus size={18} />}
            onClick={() => setFormOpen(true)}
            data-testid="satker-add"
          >
            {m.add}
          </Button>
        }
      />
      <Card radius="md" padding="md">
        <Stack gap="md">
          <Group gap="sm" wrap="wrap" align="center">
            {singlePemda && (
              <Badge
                variant="light"
                color="sogan"
                size="lg"
                radius="sm"
                leftSection={<IconMapPin size={14} />}
              >
                {singlePemda.name}
              </Badge>
            )}
            {!singlePemda && (
              <Select
                aria-label={m.filterPemda}
                data={[
                  { value: ALL, label: m.allPemdas },
                  ...options.map((p) => ({ value: p.code, label: p.name })),
                ]}
                value={pemdaFilter}
                onChange={(value) => setPemdaFilter(value ?? ALL)}
                allowDeselect={false}
                searchable
                w={{ base: '100%', sm: 260 }}
                data-testid="satker-filter-pemda"
              />
            )}
            <TextInput
              placeholder={m.filterText}
              aria-label={m.filterText}
              leftSection={<IconSearch size={16} />}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              w={{ base: '100%', sm: 300 }}
            />
            {satkers.data && (
              <Badge variant="light" size="lg" radius="sm" ml={{ sm: 'auto' }}>
                {fmt(messages.common.total, { count: rows.length })}
              </Badge>
            )}
          </Group>
          {satkers.error ? (
            <ErrorAlert error={satkers.error} onRetry={satkers.reload} />
          ) : !satkers.data ? (
            <Loading />
          ) : rows.length === 0 ? (
            <Text c="dimmed" size="sm" py="md">
              {satkers.data.items.length === 0 ? m.empty : messages.common.noResults}
            </Text>
          ) : (
            <SatkerTable
              satkers={rows}
              pemdaByCode={pemdas.byCode}
              showPemda={!singlePemda}
              highlightCode={lastCreated}
            />
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
        {pemdas.error ? (
          <ErrorAlert error={pemdas.error} onRetry={pemdas.reload} />
        ) : !pemdas.items ? (
          <Loading />
        ) : (
          <CreateSatkerForm
            pemdaOptions={options}
            defaultPemdaCode={pemdaFilter === ALL ? me.pemdaCode : pemdaFilter}
            onCancel={() => setFormOpen(false)}
            onCreated={(satker) => {
              setFormOpen(false);
              setLastCreated(satker.code);
              setText('');
              satkers.reload();
            }}
          />
        )}
      </Modal>
    </>
  );
}
