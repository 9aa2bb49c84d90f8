import { Alert, Box, Button, Code, CopyButton, Flex, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCircleCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { fmt, messages } from '../../../shared/messages';
import { timestampWib } from '../../format';
import type { SecretReveal } from './types';

const m = messages.partners;

/**
 * Shows a partner secret the one time the API hands it out. Clicking outside or pressing Escape
 * does not close it: the operator confirms they have saved the key. `onClosed` runs once the
 * closing animation has ended, to drop the secret from the page's state.
 */
export function SecretModal({
  reveal,
  opened,
  onClose,
  onClosed,
  fullScreen,
}: {
  reveal: SecretReveal | null;
  opened: boolean;
  onClose: () => void;
  onClosed: () => void;
  fullScreen?: boolean;
}) {
  return (
    <Modal
      opened={opened && reveal !== null}
      onClose={onClose}
      onExitTransitionEnd={onClosed}
      title={
        <Group gap="xs" wrap="nowrap">
          <IconKey size={20} aria-hidden color="var(--mantine-color-jateng-8)" />
          <Text fw={700}>{reveal ? fmt(m.secretTitle, { name: reveal.partnerName }) : ''}</Text>
        </Group>
      }
      size="lg"
      fullScreen={fullScreen}
      closeOnClickOutside={false}
      closeOnEscape={false}
      closeButtonProps={{ 'aria-label': messages.common.close }}
      data-testid="partner-secret-modal"
    >
      {reveal && (
        <Stack gap="md">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconCircleCheck
              size={20}
              color="var(--mantine-color-jateng-7)"
              aria-hidden
              style={{ flexShrink: 0, marginTop: 1 }}
            />
            <Text size="sm">{reveal.notice}</Text>
          </Group>
          <Alert
            color="orange"
            variant="light"
            title={m.secretWarningTitle}
            icon={<IconAlertTriangle size={20} aria-hidden />}
          >
            <Text size="sm" fw={600}>
              {m.secretWarning}
            </Text>
            <Text size="sm" mt={4}>
              {m.secretHandOver}
            </Text>
          </Alert>
          <Box>
            <Text size="sm" fw={600} mb={6}>
              {m.secretLabel}
            </Text>
            <Code
              block
              fz="sm"
              p="sm"
              style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', userSelect: 'all' }}
              data-testid="partner-secret"
            >
              {reveal.secret}
            </Code>
          </Box>
          {reveal.previousValidUntil && (
            <Text size="sm" data-testid="partner-previous-valid-until">
              {fmt(m.previousValidUntil, { time: timestampWib(reveal.previousValidUntil) })}
            </Text>
          )}
          <Flex direction={{ base: 'column', xs: 'row' }} justify="space-between" gap="sm">
            <CopyButton value={reveal.secret} timeout={2000}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? 'filled' : 'light'}
                  color="jateng"
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                  data-testid="partner-secret-copy"
                >
                  {copied ? m.copied : m.copy}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose} data-testid="partner-secret-done">
              {m.secretDone}
            </Button>
          </Flex>
        </Stack>
      )}
    </Modal>
  );
}
