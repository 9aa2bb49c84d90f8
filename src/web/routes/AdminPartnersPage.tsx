import { Badge, Button, Card, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { fmt, messages } from '../../shared/messages';
import { api, isApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { CreatePartnerForm } from '../features/partners/CreatePartnerForm';
import { type PartnerActions, PartnerTable } from '../features/partners/PartnerTable';
import { RejectionsDrawer } from '../features/partners/RejectionsDrawer';
import { SecretModal } from '../features/partners/SecretModal';
import type { Partner, PartnerWithStats, RotateSecretResult, SecretReveal } from '../features/partners/types';
import { useApiQuery } from '../useApiQuery';

const m = messages.partners;
const statusTitles: Record<number, string> = messages.errors.byStatus;

type Confirmation = { kind: 'rotate' | 'suspend'; partner: PartnerWithStats };

const partnerPath = (code: string, action: string) =>
  `/api/v1/admin/partners/${encodeURIComponent(code)}/${action}`;

export function AdminPartnersPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const partners = useApiQuery<{ items: PartnerWithStats[] }>('/api/v1/admin/partners');
  const isPhone = useMediaQuery('(max-width: 36em)');

  const [text, setText] = useState('');
  const [formOpen, setFormOpen] = useState(false);
  const [lastChanged, setLastChanged] = useState<string | null>(null);
  const [reveal, setReveal] = useState<SecretReveal | null>(null);
  const [revealOpen, setRevealOpen] = useState(false);
  // The last partner shown stays set while its drawer or dialog closes (no flash of empty content).
  const [rejectionsOf, setRejectionsOf] = useState<PartnerWithStats | null>(null);
  const [rejectionsOpen, setRejectionsOpen] = useState(false);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [confirmError, setConfirmError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const needle = text.trim().toLowerCase();
  const rows = (partners.data?.items ?? []).filter(
    (p) => !needle || p.code.includes(needle) || p.name.toLowerCase().includes(needle),
  );

  const showSecret = (next: SecretReveal) => {
    setReveal(next);
    setRevealOpen(true);
  };

  const askConfirmation = (next: Confirmation) => {
    setConfirmError(null);
    setConfirmation(next);
    setConfirmOpen(true);
  };

  const activate = async (partner: PartnerWithStats) => {
    try {
      await api.post<{ partner: Partner }>(partnerPath(partner.code, 'activate'));
      notifications.show({ color: 'jateng', message: fmt(m.activated, { name: partner.name }) });
      setLastChanged(partner.code);
      partners.reload();
    } catch (error) {
      notifications.show({
        color: 'red',
        title: (isApiError(error) && statusTitles[error.status]) || messages.errors.title,
        message: isApiError(error) ? error.message : messages.errors.pageCrashed,
      });
    }
  };

  const confirm = async () => {
    if (!confirmation || busy) return;
    const { kind, partner } = confirmation;
    setBusy(true);
    setConfirmError(null);
    try {
      if (kind === 'rotate') {
        const result = await api.post<RotateSecretResult>(partnerPath(partner.code, 'rotate-secret'));
        setConfirmOpen(false);
        showSecret({
          partnerName: partner.name,
          notice: fmt(m.rotated, { name: partner.name }),
          secret: result.secret,
          previousValidUntil: result.previousValidUntil,
        });
      } else {
        await api.post<{ partner: Partner }>(partnerPath(partner.code, 'suspend'));
        setConfirmOpen(false);
        notifications.show({ color: 'orange', message: fmt(m.suspended, { name: partner.name }) });
        setLastChanged(partner.code);
        partners.reload();
      }
    } catch (error) {
      setConfirmError(error);
    } finally {
      setBusy(false);
    }
  };

  const actions: PartnerActions = {
    onRejections: (partner) => {
      setRejectionsOf(partner);
      setRejectionsOpen(true);
    },
    onRotate: (partner) => askConfirmation({ kind: 'rotate', partner }),
    onSuspend: (partner) => askConfirmation({ kind: 'suspend', partner }),
    onActivate: (partner) => void activate(partner),
  };

  return (
    <>
      <PageHeader
        title={m.heading}
        description={m.intro}
        action={
          <Button
            leftSection={<IconPlus size={18} />}
            onClick={() => setFormOpen(true)}
            data-testid="partner-create"
          >
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
              w={{ base: '100%', sm: 300 }}
            />
            {partners.data && (
              <Badge variant="light" size="lg" radius="sm" ml={{ sm: 'auto' }}>
                {fmt(messages.common.total, { count: rows.length })}
              </Badge>
            )}
          </Group>
          {partners.error ? (
            <ErrorAlert error={partners.error} onRetry={partners.reload} />
          ) : !partners.data ? (
            <Loading />
          ) : rows.length === 0 ? (
            <Text c="dimmed" size="sm" py="md">
              {partners.data.items.length === 0 ? m.empty : messages.common.noResults}
            </Text>
          ) : (
            <PartnerTable partners={rows} actions={actions} highlightCode={lastChanged} />
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
        <CreatePartnerForm
          onCancel={() => setFormOpen(false)}
          onCreated={({ partner, secret }) => {
            setFormOpen(false);
            setLastChanged(partner.code);
            setText('');
            // The secret modal says it was created; a notification would cover it on phones.
            showSecret({ partnerName: partner.name, notice: fmt(m.created, { name: partner.name }), secret });
            partners.reload();
          }}
        />
      </Modal>

      <Modal
        opened={confirmOpen && confirmation !== null}
        onClose={() => !busy && setConfirmOpen(false)}
        title={
          <Text fw={700}>
            {confirmation &&
              fmt(confirmation.kind === 'rotate' ? m.rotateTitle : m.suspendTitle, {
                name: confirmation.partner.name,
              })}
          </Text>
        }
        closeButtonProps={{ 'aria-label': messages.common.close }}
        data-testid="partner-confirm"
      >
        {confirmation && (
          <Stack gap="md">
            <Text size="sm">{confirmation.kind === 'rotate' ? m.rotateText : m.suspendText}</Text>
            <ErrorAlert error={confirmError} testId="partner-confirm-error" />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setConfirmOpen(false)} disabled={busy}>
                {messages.common.cancel}
              </Button>
              <Button
                color={confirmation.kind === 'suspend' ? 'red' : 'jateng'}
                onClick={confirm}
                loading={busy}
                data-testid="partner-confirm-submit"
              >
                {confirmation.kind === 'rotate' ? m.rotateConfirm : m.suspendConfirm}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <SecretModal
        reveal={reveal}
        opened={revealOpen}
        onClose={() => setRevealOpen(false)}
        onClosed={() => setReveal(null)}
        fullScreen={isPhone}
      />
      <RejectionsDrawer
        partner={rejectionsOf}
        opened={rejectionsOpen}
        onClose={() => setRejectionsOpen(false)}
        fullScreen={isPhone}
      />
    </>
  );
}
