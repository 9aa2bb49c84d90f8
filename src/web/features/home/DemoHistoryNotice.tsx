import { Alert, Progress, Text } from '@mantine/core';
import { IconHourglassHigh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { fmt, messages } from '../../../shared/messages';
import { api } from '../../api';

const m = messages.home;
const POLL_MS = 2_000;

interface Health {
  status: string;
  demoHistory?: { state: 'loading' | 'done' | 'failed'; percent: number };
}

/**
 * While the first demo start loads the 2021–2024 history in the background (GET /healthz
 * `demoHistory`), a small notice with its progress; it goes away once the history is in.
 */
export function DemoHistoryNotice() {
  const [percent, setPercent] = useState<number | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api.get<Health>('/healthz').then(
        (health) => {
          if (stopped) return;
          const loading = health.demoHistory?.state === 'loading';
          setPercent(loading ? health.demoHistory!.percent : null);
          if (loading) timer = setTimeout(poll, POLL_MS);
        },
        () => {
          if (!stopped) setPercent(null);
        },
      );
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  if (percent === null) return null;
  return (
    <Alert
      variant="light"
      color="sogan"
      radius="md"
      icon={<IconHourglassHigh size={18} />}
      data-testid="demo-history-notice"
      role="status"
    >
      <Text size="sm" fw={600}>
        {fmt(m.demoHistoryLoading, { percent })}
      </Text>
      <Progress value={percent} size="sm" mt={6} color="sogan" aria-hidden />
      <Text size="xs" c="dimmed" mt={6}>
        {m.demoHistoryLoadingNote}
      </Text>
    </Alert>
  );
}
