import { Table, Text } from '@mantine/core';
import { messages } from '../../../shared/messages';
import type { Pemda } from '../regions/types';
import { pemdaName } from '../regions/usePemdas';
import type { Satker } from './types';

const m = messages.satkers;

export function SatkerTable({
  satkers,
  pemdaByCode,
  showPemda,
  highlightCode,
}: {
  satkers: Satker[];
  pemdaByCode: Map<string, Pemda>;
  showPemda: boolean;
  highlightCode?: string | null;
}) {
  return (
    <Table.ScrollContainer minWidth={320} type="native">
      <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="satker-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={230} visibleFrom="sm">
              {m.code}
            </Table.Th>
            <Table.Th>{m.name}</Table.Th>
            {showPemda && (
              <Table.Th w={190} visibleFrom="md">
                {m.pemda}
              </Table.Th>
            )}
            <Table.Th visibleFrom="md">{m.address}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {satkers.map((satker) => (
            <Table.Tr
              key={satker.code}
              data-code={satker.code}
              bg={satker.code === highlightCode ? 'jateng.0' : undefined}
            >
              <Table.Td ff="monospace" fz="sm" style={{ whiteSpace: 'nowrap' }} visibleFrom="sm">
                {satker.code}
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {satker.name}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" hiddenFrom="sm">
                  {satker.code}
                </Text>
                <Text size="xs" c="dimmed" hiddenFrom="md">
                  {[showPemda ? pemdaName(pemdaByCode, satker.pemdaCode) : null, satker.address]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </Table.Td>
              {showPemda && (
                <Table.Td visibleFrom="md">
                  <Text size="sm">{pemdaName(pemdaByCode, satker.pemdaCode)}</Text>
                </Table.Td>
              )}
              <Table.Td visibleFrom="md">
                <Text size="sm" c={satker.address ? undefined : 'dimmed'}>
                  {satker.address || messages.common.none}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
