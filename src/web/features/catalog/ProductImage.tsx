import { Center, Image } from '@mantine/core';
import { IconPackage } from '@tabler/icons-react';
import { useState } from 'react';

/** The partner's product photo; a plain placeholder when there is none or it does not load. */
export function ProductImage({ src, alt }: { src: string | null; alt: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!src || failed === src) {
    return (
      <Center bg="gray.1" h="100%" mih={160} style={{ borderRadius: 'var(--mantine-radius-md)' }} aria-hidden>
        <IconPackage size={56} color="var(--mantine-color-gray-5)" stroke={1.3} />
      </Center>
    );
  }
  return (
    <Image
      src={src}
      alt={alt}
      radius="md"
      fit="contain"
      h={200}
      bg="gray.0"
      referrerPolicy="no-referrer"
      loading="lazy"
      onError={() => setFailed(src)}
    />
  );
}
