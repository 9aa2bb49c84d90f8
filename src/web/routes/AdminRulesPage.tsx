import {
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { fmt, messages } from '../../shared/messages';
import { formatRupiah } from '../../shared/money';
import { formatDateWib, wibDay } from '../../shared/time';
import { api, withQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useMe } from '../features/accounts/session';
import type { PurchaseRule } from '../features/orders/types';
import { pemdaName, pemdasInScope, usePemdas } from '../features/regions/usePemdas';
import { fieldErrorsOf } from '../formErrors';
import { useApiQuery } from '../useApiQuery';

const m = messages.rules;

type RuleState = 'inForce' | 'upcoming' | 'past';

/** Which rule is in force today: the pemda's latest started rule, else the national one. */
function ruleStates(rules: PurchaseRule[], today: string): Map<string, RuleState> {
  const states = new Map<string, RuleState>();
  const started = (list: PurchaseRule[]) =>
    list
      .filter((rule) => rule.effectiveFrom <= today)
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const own = started(rules.filter((rule) => rule.pemdaCode !== null));
  const national = started(rules.filter((rule) => rule.pemdaCode === null));
  const inForce = own.at(-1) ?? national.at(-1);
  for (const rule of rules) {
    states.set(rule.id, rule === inForce ? 'inForce' : rule.effectiveFrom > today ? 'upcoming' : 'past');
  }
  return states;
}

const stateColors: Record<RuleState, string> = { inForce: 'jateng', upcoming: 'blue', past: 'gray' };

function RuleFact({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </Box>
  );
}

/** The rules as blocks, newest first: the date, whether it is in force, and its four settings. */
function RulesList({ rules }: { rules: PurchaseRule[] }) {
  const states = ruleStates(rules, wibDay(new Date()));
  const ordered = [...rules].sort(
    (a, b) =>
      b.effectiveFrom.localeCompare(a.effectiveFrom) ||
      Number(a.pemdaCode === null) - Number(b.pemdaCode === null),
  );
  return (
    <Stack gap="sm" data-testid="rules-table">
      {ordered.map((rule) => {
        const state = states.get(rule.id) ?? 'past';
        return (
          <Paper
            key={rule.id}
            withBorder
            radius="md"
            p="sm"
            bg={state === 'inForce' ? 'jateng.0' : undefined}
            data-testid="rule-row"
            data-state={state}
          >
            <Group gap="xs" mb={6} wrap="wrap">
              <Text fw={700} size="sm">
                {m.effectiveFrom} {formatDateWib(`${rule.effectiveFrom}T00:00:00+07:00`)}
              </Text>
              <Badge size="sm" radius="sm" variant="light" color={stateColors[state]} tt="none">
                {m[state]}
              </Badge>
              {rule.pemdaCode === null && (
                <Badge size="sm" radius="sm" variant="outline" color="gray" tt="none">
                  {m.national}
                </Badge>
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing={6}>
              <RuleFact label={m.directPurchaseLimit} value={formatRupiah(rule.directPurchaseLimitIdr)} />
              <RuleFact
                label={m.approvalThreshold}
                value={
                  rule.approvalThresholdIdr === null ? m.noApproval : formatRupiah(rule.approvalThresholdIdr)
                }
              />
              <RuleFact
                label={m.splitWindowDays}
                value={fmt(m.splitWindow, { days: rule.splitWindowDays })}
              />
              <RuleFact
                label={m.unansweredCancelWorkingDays}
                value={fmt(m.unansweredCancel, { days: rule.unansweredCancelWorkingDays })}
              />
              <RuleFact
                label={m.separationOfDuties}
                value={
                  rule.separationOfDuties
                    ? m.separationOn
                    : fmt(m.separationOff, { reason: rule.separationOfDutiesOffReason ?? '' })
                }
              />
            </SimpleGrid>
            {rule.note && (
              <Text size="xs" c="dimmed" mt={6}>
                {rule.note}
              </Text>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}

function RuleForm({
  pemdaCode,
  base,
  onSaved,
}: {
  pemdaCode: string;
  base: PurchaseRule | undefined;
  onSaved: () => void;
}) {
  const [effectiveFrom, setEffectiveFrom] = useState(() => wibDay(new Date()));
  const [limit, setLimit] = useState<number | string>(base?.directPurchaseLimitIdr ?? 50_000_000);
  const [withApproval, setWithApproval] = useState(base ? base.approvalThresholdIdr !== null : true);
  const [threshold, setThreshold] = useState<number | string>(base?.approvalThresholdIdr ?? 15_000_000);
  const [splitDays, setSplitDays] = useState<number | string>(base?.splitWindowDays ?? 14);
  const [cancelDays, setCancelDays] = useState<number | string>(base?.unansweredCancelWorkingDays ?? 3);
  const [advice, setAdvice] = useState(base?.aboveLimitAdvice ?? '');
  const [separation, setSeparation] = useState(base?.separationOfDuties ?? true);
  const [offReason, setOffReason] = useState(base?.separationOfDutiesOffReason ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldErrors = fieldErrorsOf(error);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post<PurchaseRule>('/api/v1/admin/rules', {
        pemdaCode,
        effectiveFrom,
        directPurchaseLimitIdr: Number(limit),
        approvalThresholdIdr: withApproval ? Number(threshold) : null,
        splitWindowDays: Number(splitDays),
        unansweredCancelWorkingDays: Number(cancelDays),
        aboveLimitAdvice: advice.trim(),
        separationOfDuties: separation,
        separationOfDutiesOffReason: separation ? null : offReason.trim(),
        note: note.trim() || null,
      });
      notifications.show({
        color: 'jateng',
        message: fmt(m.saved, { date: formatDateWib(`${effectiveFrom}T00:00:00+07:00`) }),
      });
      setNote('');
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const money = {
    prefix: 'Rp',
    thousandSeparator: '.',
    decimalSeparator: ',',
    allowDecimal: false,
    allowNegative: false,
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      data-testid="rule-form"
    >
      <Stack gap="sm">
        <TextInput
          type="date"
          label={m.effectiveFrom}
          value={effectiveFrom}
          onChange={(event) => setEffectiveFrom(event.currentTarget.value)}
          required
          error={fieldErrors.effectiveFrom}
          data-testid="rule-from"
        />
        <NumberInput
          label={m.directPurchaseLimit}
          value={limit}
          onChange={setLimit}
          required
          min={1}
          error={fieldErrors.directPurchaseLimitIdr}
          data-testid="rule-limit"
          {...money}
        />
        <Checkbox
          label={m.withApproval}
          checked={withApproval}
          onChange={(event) => setWithApproval(event.currentTarget.checked)}
        />
        {withApproval && (
          <NumberInput
            label={m.approvalThreshold}
            value={threshold}
            onChange={setThreshold}
            required
            min={1}
            error={fieldErrors.approvalThresholdIdr}
            data-testid="rule-threshold"
            {...money}
          />
        )}
        <Group grow gap="sm" align="flex-start">
          <NumberInput
            label={m.splitWindowDays}
            value={splitDays}
            onChange={setSplitDays}
            min={1}
            max={365}
            allowDecimal={false}
            required
            error={fieldErrors.splitWindowDays}
          />
          <NumberInput
            label={m.unansweredCancelWorkingDays}
            value={cancelDays}
            onChange={setCancelDays}
            min={1}
            max={30}
            allowDecimal={false}
            required
            error={fieldErrors.unansweredCancelWorkingDays}
          />
        </Group>
        <Textarea
          label={m.aboveLimitAdvice}
          description={m.aboveLimitAdviceHint}
          value={advice}
          onChange={(event) => setAdvice(event.currentTarget.value)}
          required
          minLength={10}
          maxLength={500}
          autosize
          minRows={2}
          error={fieldErrors.aboveLimitAdvice}
        />
        <Checkbox
          label={m.separationSwitch}
          checked={separation}
          onChange={(event) => setSeparation(event.currentTarget.checked)}
          data-testid="rule-separation"
        />
        {!separation && (
          <Textarea
            label={m.separationOffReason}
            description={m.separationOffReasonHint}
            value={offReason}
            onChange={(event) => setOffReason(event.currentTarget.value)}
            required
            minLength={10}
            maxLength={1000}
            autosize
            minRows={2}
            error={fieldErrors.separationOfDutiesOffReason}
            data-testid="rule-separation-reason"
          />
        )}
        <Textarea
          label={m.note}
          description={messages.common.optional}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={1000}
          autosize
          minRows={2}
        />
        <ErrorAlert error={error} withFieldIssues={false} />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={busy}
            leftSection={<IconDeviceFloppy size={16} />}
            data-testid="rule-submit"
          >
            {m.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /admin/aturan: the purchase rules of the operator's pemda with their dates, and setting one. */
export function AdminRulesPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const me = useMe();
  const pemdas = usePemdas();
  const choices = pemdasInScope(pemdas.items, me.pemdaCode);
  const [chosen, setChosen] = useState<string | null>(null);
  const pemdaCode = chosen ?? (choices.length === 1 ? choices[0]?.code : me.pemdaCode) ?? null;
  const rules = useApiQuery<{ items: PurchaseRule[] }>(
    pemdaCode ? withQuery('/api/v1/admin/rules', { pemdaCode }) : null,
  );
  const items = rules.data?.items ?? [];
  const latestOwn = items.filter((rule) => rule.pemdaCode !== null).at(-1) ?? items.at(-1);

  return (
    <>
      <PageHeader
        title={m.heading}
        description={m.intro}
        action={
          choices.length > 1 && (
            <Select
              label={m.pemda}
              data={choices.map((pemda) => ({ value: pemda.code, label: pemda.name }))}
              value={pemdaCode}
              onChange={setChosen}
              searchable
              allowDeselect={false}
              w={{ base: '100%', xs: 300 }}
            />
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card radius="md" padding="md">
            <Title order={2} fz="lg" mb="sm">
              {pemdaCode ? pemdaName(pemdas.byCode, pemdaCode) : m.pemda}
            </Title>
            {rules.error ? (
              <ErrorAlert error={rules.error} onRetry={rules.reload} />
            ) : !rules.data ? (
              <Loading />
            ) : items.length === 0 ? (
              <Text c="dimmed">{m.empty}</Text>
            ) : (
              <RulesList rules={items} />
            )}
            {latestOwn && (
              <Box mt="sm">
                <Text size="xs" c="dimmed">
                  {m.aboveLimitAdvice}
                </Text>
                <Text size="sm">{latestOwn.aboveLimitAdvice}</Text>
              </Box>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card radius="md" padding="md">
            <Title order={2} fz="lg">
              {m.formHeading}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {m.formIntro}
            </Text>
            {pemdaCode && rules.data && (
              <RuleForm key={pemdaCode} pemdaCode={pemdaCode} base={latestOwn} onSaved={rules.reload} />
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
