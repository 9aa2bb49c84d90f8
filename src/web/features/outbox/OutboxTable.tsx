import { Badge, Box, Button, Group, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconRefresh } from '@tabler/icons-react';
import { fmt, messages } from '../../../shared/messages';
import { timestampWib } from '../../format';
import type { OutboxMessage, OutboxStatus } from './types';

const m = messages.outbox;

const statusColors: Record<OutboxStatus, string> = { dead: 'red', pending: 'yellow', delivered: 'jateng' };

export function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  return (
    <Badge variant="light" color={statusColors[status]} size="sm" radius="sm">
      {m.statuses[status]}
    </Badge>
  );
}

/** The times that matter for a message in its state, as label and time. */
function times(message: OutboxMessage): Array<{ label: string; time: string }> {
  const line = (label: string, text: string) => ({ label, time: timestampWib(text) });
  if (message.status === 'delivered') {
    return [
      ...(message.deliveredAt ? [line(m.deliveredAt, message.deliveredAt)] : []),
      line(m.createdAt, message.createdAt),
    ];
  }
  if (message.status === 'pending') {
    return [line(m.nextAttemptAt, message.nextAttemptAt), line(m.deadlineAt, message.deadlineAt)];
  }
  return [line(m.createdAt, message.createdAt), line(m.deadlineAt, message.deadlineAt)];
}

function Times({ message }: { message: OutboxMessage }) {
  return (
    <Stack gap={2}>
      {times(message).map(({ label, time }) => (
        <Text key={label} size="xs" style={{ whiteSpace: 'nowrap' }}>
          <Text span size="xs" c="dimmed" display="inline-block" w={80}>
            {label}
          </Text>
          {time}
        </Text>
      ))}
    </Stack>
  );
}

function LastResult({ message }: { message: OutboxMessage }) {
  const failed = message.status !== 'delivered';
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap">
        {message.lastStatusCode !== null ? (
          <Badge
            variant="outline"
            color={message.lastStatusCode < 300 ? 'jateng' : failed ? 'red' : 'gray'}
            size="sm"
            radius="sm"
            ff="monospace"
          >
            HTTP {message.lastStatusCode}
          </Badge>
        ) : (
          message.attempts > 0 &&
          failed && (
            <Text size="xs" c="red.7" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {m.noResponse}
            </Text>
          )
        )}
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {fmt(m.attemptsCount, { count: message.attempts })}
        </Text>
      </Group>
      {message.lastError && (
        <Tooltip label={message.lastError} multiline maw={420} withinPortal openDelay={300}>
          <Text size="xs" c={failed ? 'red.8' : 'dimmed'} lineClamp={2} style={{ wordBreak: 'break-word' }}>
            {message.lastError}
          </Text>
        </Tooltip>
      )}
    </Stack>
  );
}

function RetryButton({
  message,
  retryingId,
  onRetry,
}: {
  message: OutboxMessage;
  retryingId: number | null;
  onRetry: (message: OutboxMessage) => void;
}) {
  if (message.status === 'delivered') return null;
  return (
    <Button
      size="xs"
      variant={message.status === 'dead' ? 'filled' : 'light'}
      leftSection={<IconRefresh size={14} />}
      loading={retryingId === message.id}
      disabled={retryingId !== null && retryingId !== message.id}
      onClick={() => onRetry(message)}
      aria-label={fmt(m.retryOf, { id: message.id })}
      data-testid="outbox-retry"
    >
      {m.retry}
    </Button>
  );
}

export function OutboxTable({
  items,
  retryingId,
  onRetry,
}: {
  items: OutboxMessage[];
  retryingId: number | null;
  onRetry: (message: OutboxMessage) => void;
}) {
  // One retry button per row: in its own column, or under the row's details on phones.
  const narrow = useMediaQuery('(max-width: 47.99em)') ?? false;
  const showActions = !narrow && items.some((message) => message.status !== 'delivered');
  return (
    <Table.ScrollContainer minWidth={320} type="native">
      <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="sm" data-testid="outbox-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{m.order}</Table.Th>
            <Table.Th visibleFrom="sm">{m.lastResult}</Table.Th>
            <Table.Th visibleFrom="md">{m.time}</Table.Th>
            {showActions && (
              <Table.Th w={120}>
                <VisuallyHidden>{m.actions}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((message) => (
            <Table.Tr key={message.id} data-id={message.id} data-status={message.status}>
              <Table.Td>
                <Text size="sm" fw={600} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {message.orderingKey}
                </Text>
                <Group gap={6} mt={2} wrap="wrap">
                  <Badge variant="light" color="sogan" size="sm" radius="sm" tt="none">
                    {message.partnerCode}
                  </Badge>
                  <Text size="xs" c="dimmed" ff="monospace">
                    #{message.id}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed" ff="monospace" mt={4} style={{ overflowWrap: 'anywhere' }}>
                  <Text span size="xs" ff="monospace" fw={700} c="gray.7">
                    {message.method}
                  </Text>{' '}
                  {message.path}
                </Text>
                <Stack gap={6} mt={8} hiddenFrom="sm">
                  <LastResult message={message} />
                </Stack>
                <Box mt={6} hiddenFrom="md">
                  <Times message={message} />
                </Box>
                {narrow && message.status !== 'delivered' && (
                  <Box mt={8}>
                    <RetryButton message={message} retryingId={retryingId} onRetry={onRetry} />
                  </Box>
                )}
              </Table.Td>
              <Table.Td visibleFrom="sm" miw={200}>
                <LastResult message={message} />
              </Table.Td>
              <Table.Td visibleFrom="md">
                <Times message={message} />
              </Table.Td>
              {showActions && (
                <Table.Td>
                  <RetryButton message={message} retryingId={retryingId} onRetry={onRetry} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
