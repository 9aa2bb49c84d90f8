import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { messages } from '../../shared/messages';
import { isApiError } from '../api';
import { describeIssue } from '../formErrors';

const statusTitles: Record<number, string> = messages.errors.byStatus;

/** Shows an API (or other) error: the server's Indonesian message, and its field issues if any. */
export function ErrorAlert({
  error,
  title,
  onRetry,
  withFieldIssues = true,
  testId = 'error-alert',
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  /** List the field issues of a 400 (off when the form shows them next to its inputs). */
  withFieldIssues?: boolean;
  testId?: string;
}) {
  if (!error) return null;
  const apiError = isApiError(error) ? error : null;
  const heading = title ?? (apiError && statusTitles[apiError.status]) ?? messages.errors.title;
  const message = apiError ? apiError.message : messages.errors.pageCrashed;
  const issues = withFieldIssues && apiError ? apiError.fieldIssues : [];
  // Retrying helps when the network or the server failed, not when the request itself was refused.
  const retryable = !apiError || apiError.status === 0 || apiError.status >= 500;
  return (
    <Alert
      color="red"
      variant="light"
      title={heading}
      icon={<IconAlertTriangle size={20} aria-hidden />}
      role="alert"
      data-testid={testId}
    >
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        {issues.length > 0 && (
          <List size="sm" spacing={2}>
            {issues.map((issue) => (
              <List.Item key={`${issue.field}-${issue.code}`}>
                <Text span size="sm" ff="monospace">
                  {issue.field.replace(/^body\./, '')}
                </Text>
                : {describeIssue(issue)}
              </List.Item>
            ))}
          </List>
        )}
        {onRetry && retryable && (
          <div>
            <Button size="xs" variant="white" color="red" onClick={onRetry}>
              {messages.common.retry}
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}
