import { Badge, Drawer, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { fmt, messages } from '../../../shared/messages';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { timestampWib } from '../../format';
import { describeIssue } from '../../formErrors';
import { useApiQuery } from '../../useApiQuery';
import type { PartnerWithStats, RejectionIssue, SyncRejection } from './types';

const m = messages.partners;
const resourceLabels: Record<string, string> = m.resources;

/** `errors` is stored as the partner API reported it; keep only well-formed issues. */
function issuesOf(rejection: SyncRejection): RejectionIssue[] {
  if (!Array.isArray(rejection.errors)) return [];
  return rejection.errors.filter(
    (issue): issue is RejectionIssue =>
      typeof issue === 'object' && issue !== null && typeof issue.message === 'string',
  );
}

/**
 * Rejection issues carry `FIELD.REQUIRED` / `FIELD.INVALID` and the validator's text, which is
 * English for schema limits ("Too small: expected number to be >0"): say it in Indonesian.
 */
function describeRejectionIssue(issue: RejectionIssue): string {
  if (issue.code === 'FIELD.REQUIRED') return messages.validation.required;
  const code = /^Too small\b/.test(issue.message)
    ? 'too_small'
    : /^Too big\b/.test(issue.message)
      ? 'too_big'
      : /^Invalid\b/.test(issue.message)
        ? 'invalid_format'
        : issue.code;
  return describeIssue({ ...issue, code });
}

/** Stable React keys for rows that have no id: the row's own text, numbered when repeated. */
function keyed<T>(items: T[], keyOf: (item: T) => string): Array<{ key: string; item: T }> {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = keyOf(item);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { key: count === 0 ? base : `${base}#${count}`, item };
  });
}

function RejectionCard({ rejection }: { rejection: SyncRejection }) {
  return (
    <Paper p="sm" radius="md" data-testid="partner-rejection">
      <Group justify="space-between" gap="xs" wrap="wrap" mb={6}>
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge variant="light" color="sogan" size="sm" radius="sm" style={{ flexShrink: 0 }}>
            {resourceLabels[rejection.resource] ?? rejection.resource}
          </Badge>
          <Text
            size="sm"
            ff={rejection.externalId ? 'monospace' : undefined}
            c={rejection.externalId ? undefined : 'dimmed'}
            truncate
          >
            {rejection.externalId ?? m.noExternalId}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {fmt(m.receivedAt, { time: timestampWib(rejection.receivedAt) })}
        </Text>
      </Group>
      <List size="sm" spacing={2}>
        {keyed(issuesOf(rejection), (issue) => `${issue.field}|${issue.code}`).map(({ key, item: issue }) => (
          <List.Item key={key} title={issue.message}>
            <Text span size="sm" ff="monospace" c="red.8">
              {issue.field}
            </Text>
            : {describeRejectionIssue(issue)}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/**
 * GET /api/v1/admin/partners/{code}/rejections for `partner`. The partner stays set while the
 * drawer closes, so its content does not change during the closing animation.
 */
export function RejectionsDrawer({
  partner,
  opened,
  onClose,
  fullScreen,
}: {
  partner: PartnerWithStats | null;
  opened: boolean;
  onClose: () => void;
  fullScreen?: boolean;
}) {
  const rejections = useApiQuery<{ items: SyncRejection[] }>(
    partner ? `/api/v1/admin/partners/${encodeURIComponent(partner.code)}/rejections` : null,
  );
  return (
    <Drawer
      opened={opened && partner !== null}
      onClose={onClose}
      position="right"
      size={fullScreen ? '100%' : 'lg'}
      title={<Text fw={700}>{partner ? fmt(m.rejectionsTitle, { name: partner.name }) : ''}</Text>}
      closeButtonProps={{ 'aria-label': messages.common.close }}
      data-testid="partner-rejections"
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {m.rejectionsIntro}
        </Text>
        {rejections.error ? (
          <ErrorAlert error={rejections.error} onRetry={rejections.reload} />
        ) : !rejections.data ? (
          <Loading />
        ) : rejections.data.items.length === 0 ? (
          <Group gap="xs" wrap="nowrap" py="md">
            <IconCircleCheck size={20} color="var(--mantine-color-jateng-7)" aria-hidden />
            <Text size="sm">{m.rejectionsEmpty}</Text>
          </Group>
        ) : (
          keyed(rejections.data.items, (r) => `${r.resource}|${r.externalId}|${r.receivedAt}`).map(
            ({ key, item }) => <RejectionCard key={key} rejection={item} />,
          )
        )}
      </Stack>
    </Drawer>
  );
}
