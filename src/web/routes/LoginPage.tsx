import {
  Alert,
  Anchor,
  Box,
  Button,
  Code,
  Group,
  List,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconInfoCircle, IconMap2 } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { isApiError } from '../api';
import { BrandMark } from '../components/BrandMark';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import type { LoginRedirectState } from '../components/RequireAuth';
import { useSession } from '../features/accounts/session';
import { useApiQuery } from '../useApiQuery';

const m = messages.auth;

/** Only same-site paths are followed after login (never `//evil.example`). */
function safeRedirect(from: string | undefined): string {
  return from?.startsWith('/') && !from.startsWith('//') && !from.startsWith('/masuk') ? from : '/';
}

function DemoAccounts({ onPick }: { onPick: (username: string) => void }) {
  return (
    <Paper
      p="sm"
      radius="md"
      bg="sogan.0"
      style={{ borderColor: 'var(--mantine-color-sogan-2)' }}
      data-testid="demo-hint"
    >
      <Group gap={6} mb={6} wrap="nowrap">
        <IconInfoCircle size={16} color="var(--mantine-color-sogan-8)" aria-hidden />
        <Text size="xs" fw={700} c="sogan.9">
          {m.demoTitle}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mb={6}>
        {fmt(m.demoIntro, { password: m.demoPassword })}
      </Text>
      <SimpleGrid cols={1} spacing={4} verticalSpacing={0}>
        {m.demoAccounts.map((account) => (
          <UnstyledButton
            key={account.username}
            onClick={() => onPick(account.username)}
            px={4}
            py={2}
            style={{ borderRadius: 4 }}
            aria-label={`${account.username} (${account.label})`}
          >
            <Text size="xs" lh={1.35}>
              <Code fz={11} c="sogan.9" bg="transparent" p={0}>
                {account.username}
              </Code>{' '}
              <Text span size="xs" c="dimmed">
                {account.label}
              </Text>
            </Text>
          </UnstyledButton>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

export function LoginPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const { session, logIn } = useSession();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const info = useApiQuery<{ demo: boolean }>('/api/v1/info', { cache: true });

  if (session.status === 'loading') return <Loading fullPage />;
  if (session.status === 'authenticated') {
    const state = location.state as LoginRedirectState | null;
    return <Navigate to={safeRedirect(state?.from)} replace />;
  }
  const reason = session.status === 'anonymous' ? session.reason : undefined;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors = {
      ...(username.trim() ? {} : { username: m.usernameRequired }),
      ...(password ? {} : { password: m.passwordRequired }),
    };
    setFieldErrors(errors);
    if (errors.username || errors.password) return;
    setSubmitting(true);
    setError(null);
    try {
      // On success the session turns authenticated and this page redirects itself.
      await logIn(username.trim(), password);
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  };

  const refusal =
    isApiError(error) &&
    (error.code === 'AUTH.INVALID_CREDENTIALS' || error.code === 'AUTH.TOO_MANY_ATTEMPTS')
      ? error
      : null;
  const retrySeconds = (refusal?.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  const retryMinutes =
    typeof retrySeconds === 'number' && retrySeconds > 0 ? Math.ceil(retrySeconds / 60) : null;

  return (
    <Box className="blk-login-page" style={{ display: 'flex', flexDirection: 'column' }}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing={0} style={{ flex: 1 }}>
        <Box className="blk-kawung" c="white" px={{ base: 'lg', sm: 48 }} py={{ base: 'lg', md: 56 }}>
          <Stack h="100%" justify="space-between" gap="xl" maw={560} mx="auto">
            <Group gap="sm" wrap="nowrap">
              <BrandMark size={48} />
              <Box>
                <Text fw={800} fz={22} lh={1.1}>
                  {messages.app.name}
                </Text>
                <Text fz="sm" c="jateng.1">
                  {messages.app.tagline}
                </Text>
              </Box>
            </Group>
            <Box visibleFrom="md">
              <Title order={2} fz={34} lh={1.2} mb="md" c="white">
                {m.heroTitle}
              </Title>
              <Text c="jateng.0" fz="md" mb="lg" maw={480}>
                {m.heroText}
              </Text>
              <List
                spacing="xs"
                icon={
                  <ThemeIcon size={22} radius="xl" color="sogan.6">
                    <IconCheck size={14} />
                  </ThemeIcon>
                }
              >
                {m.heroPoints.map((point) => (
                  <List.Item key={point}>
                    <Text c="white" fz="sm">
                      {point}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </Box>
            <Text visibleFrom="md" fz="xs" c="jateng.2">
              {messages.app.owner}
            </Text>
          </Stack>
        </Box>
        <Box
          px={{ base: 'md', sm: 48 }}
          py={{ base: 'xl', md: 56 }}
          style={{ display: 'flex', alignItems: 'center' }}
        >
          <Stack w="100%" maw={420} mx="auto" gap="lg">
            <Box>
              <Title order={1} fz={28} c="jateng.9">
                {m.heading}
              </Title>
              <Text c="dimmed" size="sm" mt={4}>
                {m.intro}
              </Text>
            </Box>

            {reason === 'expired' && !error && (
              <Alert color="sogan" variant="light" icon={<IconInfoCircle size={18} />}>
                {m.sessionExpired}
              </Alert>
            )}
            {refusal ? (
              <Alert
                color="red"
                variant="light"
                title={refusal.code === 'AUTH.TOO_MANY_ATTEMPTS' ? m.tooManyTitle : m.failedTitle}
                icon={<IconAlertTriangle size={18} />}
                role="alert"
                data-testid="login-error"
              >
                {refusal.message}
                {retryMinutes !== null && (
                  <Text size="sm" mt={4}>
                    {fmt(m.retryAfter, { minutes: retryMinutes })}
                  </Text>
                )}
              </Alert>
            ) : (
              <ErrorAlert error={error} testId="login-error" />
            )}

            <Paper
              component="form"
              onSubmit={submit}
              noValidate
              p={{ base: 'md', sm: 'lg' }}
              radius="lg"
              shadow="sm"
            >
              <Stack gap="md">
                <TextInput
                  label={m.username}
                  placeholder={m.usernamePlaceholder}
                  value={username}
                  onChange={(event) => setUsername(event.currentTarget.value)}
                  error={fieldErrors.username}
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  withAsterisk
                  size="md"
                  data-testid="login-username"
                  name="username"
                />
                <PasswordInput
                  label={m.password}
                  placeholder={m.passwordPlaceholder}
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                  error={fieldErrors.password}
                  autoComplete="current-password"
                  withAsterisk
                  size="md"
                  data-testid="login-password"
                  name="password"
                />
                <Button type="submit" size="md" fullWidth loading={submitting} data-testid="login-submit">
                  {m.submit}
                </Button>
              </Stack>
            </Paper>

            {info.data?.demo ? (
              <DemoAccounts
                onPick={(picked) => {
                  setUsername(picked);
                  setPassword(m.demoPassword);
                  setFieldErrors({});
                }}
              />
            ) : null}

            <Anchor component={Link} to="/wilayah" size="sm" ta="center">
              <Group gap={6} justify="center" component="span">
                <IconMap2 size={16} aria-hidden />
                {m.publicLink}
              </Group>
            </Anchor>
          </Stack>
        </Box>
      </SimpleGrid>
    </Box>
  );
}
