import { Badge, Button, Card, Center, Group, SegmentedControl, Stack, Text, ThemeIcon } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconInbox } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { api, isApiError, withQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { OutboxTable } from '../features/outbox/OutboxTable';
import {
  isOutboxStatus,
  type OutboxMessage,
  type OutboxPage,
  type OutboxStatus,
  outboxStatuses,
} from '../features/outbox/types';
import { useApiQuery } from '../useApiQuery';

const m = messages.outbox;
const PAGE_SIZE = '50';
const statusTitles: Record<number, string> = messages.errors.byStatus;

const outboxPath = (status: OutboxStatus, cursor?: string) =>
  withQuery('/api/v1/admin/outbox', { status, cursor, limit: PAGE_SIZE });

/** The pages fetched with "Muat lebih banyak" after the first one, for one status and load. */
interface MorePages {
  status: OutboxStatus;
  first: OutboxPage;
  items: OutboxMessage[];
  nextCursor: string | null;
}

export function AdminOutboxPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('status');
  const status: OutboxStatus = isOutboxStatus(requested) ? requested : 'dead';

  const firstPage = useApiQuery<OutboxPage>(outboxPath(status));
  const [more, setMore] = useState<MorePages | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [retryingId, setRetryingId] = useState<number | null>(null);

  // Later pages belong to the first page they continue; a reload or another status drops them.
  const extra = more && more.status === status && more.first === firstPage.data ? more : null;
  const items = firstPage.data ? [...firstPage.data.items, ...(extra?.items ?? [])] : [];
  const nextCursor = extra ? extra.nextCursor : (firstPage.data?.nextCursor ?? null);

  const changeStatus = (value: string) => {
    setMoreError(null);
    setSearchParams(value === 'dead' ? {} : { status: value }, { replace: true });
  };

  const loadMore = async () => {
    if (!firstPage.data || !nextCursor) return;
    const first = firstPage.data;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<OutboxPage>(outboxPath(status, nextCursor));
      setMore({
        status,
        first,
        items: [...(extra?.items ?? []), ...page.items],
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const retry = async (message: OutboxMessage) => {
    setRetryingId(message.id);
    try {
      await api.post<{ retried: true }>(`/api/v1/admin/outbox/${message.id}/retry`);
      notifications.show({
        color: 'jateng',
        title: m.retry,
        message: fmt(m.retried, { order: message.orderingKey }),
      });
      firstPage.reload();
    } catch (error) {
      notifications.show({
        color: 'red',
        title: (isApiError(error) && statusTitles[error.status]) || m.retryFailed,
        message: isApiError(error) ? error.message : messages.errors.pageCrashed,
      });
    } finally {
      setRetryingId(null);
    }
  };

  return (
    <>
      <PageHeader title={m.heading} description={m.intro} />
      <Card radius="md" padding="md">
        <Stack gap="md">
          <Group gap="sm" wrap="wrap" align="center">
            <SegmentedControl
              aria-label={m.filterStatus}
              data={outboxStatuses.map((value) => ({ value, label: m.statuses[value] }))}
              value={status}
              onChange={changeStatus}
              w={{ base: '100%', xs: 'auto' }}
              data-testid="outbox-status"
            />
            {firstPage.data && items.length > 0 && (
              <Badge variant="light" size="lg" radius="sm" ml={{ xs: 'auto' }}>
                {fmt(m.shown, { count: items.length })}
              </Badge>
            )}
          </Group>
          {firstPage.error ? (
            <ErrorAlert error={firstPage.error} onRetry={firstPage.reload} />
          ) : !firstPage.data ? (
            <Loading />
          ) : items.length === 0 ? (
            <Center py="xl" data-testid="outbox-empty">
              <Stack gap="sm" align="center" maw={420}>
                <ThemeIcon size={48} radius="xl" variant="light" color="jateng">
                  <IconInbox size={26} />
                </ThemeIcon>
                <Text size="sm" c="dimmed" ta="center">
                  {m.empty[status]}
                </Text>
              </Stack>
            </Center>
          ) : (
            <>
              <OutboxTable items={items} retryingId={retryingId} onRetry={retry} />
              <ErrorAlert error={moreError} onRetry={loadMore} />
              {nextCursor && (
                <Group justify="center">
                  <Button variant="light" onClick={loadMore} loading={loadingMore} data-testid="outbox-more">
                    {m.loadMore}
                  </Button>
                </Group>
              )}
            </>
          )}
        </Stack>
      </Card>
    </>
  );
}
