import { Badge, Group, Tooltip } from '@mantine/core';
import { IconBuildingStore, IconFlag, IconMapPin } from '@tabler/icons-react';
import { messages } from '../../../shared/messages';
import type { CatalogOffer, DomesticClass } from './types';

const m = messages.catalog;

const classColors: Record<DomesticClass, string> = {
  tkdn_bmp_40: 'jateng',
  tkdn_25: 'teal',
  pdn: 'blue',
  import: 'gray',
};

export function DomesticClassBadge({ value }: { value: DomesticClass }) {
  return (
    <Tooltip label={m.badgeHints[value]} multiline w={260} withArrow>
      <Badge
        variant={value === 'import' ? 'outline' : 'light'}
        color={classColors[value]}
        radius="sm"
        leftSection={value === 'import' ? undefined : <IconFlag size={12} aria-hidden />}
        data-testid={`badge-${value}`}
      >
        {m.badges[value]}
      </Badge>
    </Tooltip>
  );
}

/** Lokal, UMK and the domestic-content class of an offer. */
export function OfferBadges({ offer }: { offer: CatalogOffer }) {
  return (
    <Group gap={6} wrap="wrap">
      {offer.isLocal && (
        <Tooltip label={m.badgeHints.local} withArrow>
          <Badge
            variant="filled"
            color="jateng"
            radius="sm"
            leftSection={<IconMapPin size={12} aria-hidden />}
            data-testid="badge-local"
          >
            {m.badges.local}
          </Badge>
        </Tooltip>
      )}
      {offer.isUmk && (
        <Tooltip label={m.badgeHints.umk} withArrow>
          <Badge
            variant="filled"
            color="sogan"
            radius="sm"
            leftSection={<IconBuildingStore size={12} aria-hidden />}
            data-testid="badge-umk"
          >
            {m.badges.umk}
          </Badge>
        </Tooltip>
      )}
      <DomesticClassBadge value={offer.domesticClass} />
    </Group>
  );
}

/** `Mikro`, or the raw value for a scale this UI does not know. */
export function scaleLabel(scale: string): string {
  return (m.scales as Record<string, string>)[scale] ?? scale;
}

export function kindLabel(kind: string): string {
  return (m.kinds as Record<string, string>)[kind] ?? kind;
}

export function legalFormLabel(legalForm: string): string {
  return (m.legalForms as Record<string, string>)[legalForm] ?? legalForm;
}
