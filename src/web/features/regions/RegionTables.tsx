import { Anchor, Badge, Table, Text } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { fmt, messages } from '../../../shared/messages';
import { formatDateWib } from '../../../shared/time';
import { type Pemda, PROVINCE_CODE, type Region } from './types';

const m = messages.regions;

export function regionHref(code: string): string {
  return `/wilayah?kode=${encodeURIComponent(code)}`;
}

/** Desa and kelurahan share level 4; Kemendagri numbers kelurahan 1xxx and desa 2xxx. */
export function levelLabel(region: Region): string {
  if (region.level === 4) {
    const last = region.code.split('.').at(-1) ?? '';
    if (last.startsWith('1')) return messages.regionLevels.kelurahan;
    if (last.startsWith('2')) return messages.regionLevels.desa;
  }
  const labels: Record<number, string> = messages.regionLevels;
  return labels[region.level] ?? String(region.level);
}

const kindColors = { province: 'sogan', kabupaten: 'jateng', kota: 'blue' } as const;

/** The province and its kabupaten/kota with the date each joined; rows open their kecamatan. */
export function PemdaTable({ pemdas }: { pemdas: Pemda[] }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={340} type="native">
      <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="region-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90} visibleFrom="sm">
              {m.code}
            </Table.Th>
            <Table.Th>{m.name}</Table.Th>
            <Table.Th w={120} visibleFrom="sm">
              {m.kind}
            </Table.Th>
            <Table.Th w={{ base: 120, sm: 190 }}>{m.joinedAt}</Table.Th>
            <Table.Th w={40} aria-hidden />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pemdas.map((pemda) => {
            const drillable = pemda.code !== PROVINCE_CODE;
            return (
              <Table.Tr
                key={pemda.code}
                className={drillable ? 'blk-clickable-row' : undefined}
                onClick={drillable ? () => navigate(regionHref(pemda.code)) : undefined}
                bg={drillable ? undefined : 'sogan.0'}
                data-code={pemda.code}
              >
                <Table.Td ff="monospace" fz="sm" visibleFrom="sm">
                  {pemda.code}
                </Table.Td>
                <Table.Td>
                  {drillable ? (
                    <Anchor
                      component={Link}
                      to={regionHref(pemda.code)}
                      fw={600}
                      size="sm"
                      onClick={(event) => event.stopPropagation()}
                      title={fmt(m.showChildren, { name: pemda.name })}
                    >
                      {pemda.name}
                    </Anchor>
                  ) : (
                    <Text fw={700} size="sm">
                      {pemda.name}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" hiddenFrom="sm">
                    {pemda.code} · {messages.pemdaKinds[pemda.kind]}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Badge variant="light" color={kindColors[pemda.kind]} size="sm" radius="sm">
                    {messages.pemdaKinds[pemda.kind]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {pemda.joinedAt ? (
                    <Text size="sm">{formatDateWib(pemda.joinedAt)}</Text>
                  ) : (
                    <Badge variant="outline" color="gray" size="sm" radius="sm">
                      {m.notJoined}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td c="dimmed">{drillable && <IconChevronRight size={16} aria-hidden />}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The kecamatan of a kabupaten/kota, or the desa/kelurahan of a kecamatan. */
export function RegionChildrenTable({ regions }: { regions: Region[] }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={300} type="native">
      <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="region-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>{m.code}</Table.Th>
            <Table.Th>{m.name}</Table.Th>
            <Table.Th w={150} visibleFrom="sm">
              {m.level}
            </Table.Th>
            <Table.Th w={40} aria-hidden />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {regions.map((region) => {
            const drillable = region.level < 4;
            return (
              <Table.Tr
                key={region.code}
                className={drillable ? 'blk-clickable-row' : undefined}
                onClick={drillable ? () => navigate(regionHref(region.code)) : undefined}
                data-code={region.code}
              >
                <Table.Td ff="monospace" fz="sm">
                  {region.code}
                </Table.Td>
                <Table.Td>
                  {drillable ? (
                    <Anchor
                      component={Link}
                      to={regionHref(region.code)}
                      fw={600}
                      size="sm"
                      onClick={(event) => event.stopPropagation()}
                      title={fmt(m.showChildren, { name: region.name })}
                    >
                      {region.name}
                    </Anchor>
                  ) : (
                    <Text size="sm">{region.name}</Text>
                  )}
                  <Text size="xs" c="dimmed" hiddenFrom="sm">
                    {levelLabel(region)}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm" c="dimmed">
                    {levelLabel(region)}
                  </Text>
                </Table.Td>
                <Table.Td c="dimmed">{drillable && <IconChevronRight size={16} aria-hidden />}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
