import { ActionIcon, Autocomplete, Group, Loader } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowRight, IconSearch } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { messages } from '../../../shared/messages';
import { withQuery } from '../../api';
import { useApiQuery } from '../../useApiQuery';
import type { SearchResult } from './types';

const m = messages.catalog;
const SUGGESTION_LIMIT = '5';
const MIN_CHARS = 2;

/**
 * The search input. While typing it asks the search API (debounced, 5 items) and offers the
 * names found as suggestions; the server forgives typos, so the options are shown unfiltered.
 * Submitting (Enter, the button, or picking a suggestion) calls `onSearch`.
 */
export function SearchBox({
  query,
  regionCode,
  onSearch,
}: {
  query: string;
  regionCode: string | null;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(query);
  // Back/forward and links change the query: the input follows.
  useEffect(() => setText(query), [query]);
  const [debounced] = useDebouncedValue(text.trim(), 250);
  const wanted = debounced.length >= MIN_CHARS && debounced !== query;
  const suggestions = useApiQuery<SearchResult>(
    wanted
      ? withQuery('/api/v1/catalog/search', {
          q: debounced,
          regionCode: regionCode ?? undefined,
          limit: SUGGESTION_LIMIT,
        })
      : null,
  );
  // Keep the last names while the next answer is on its way, so the dropdown does not flicker.
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (!wanted) setNames([]);
    else if (suggestions.data) setNames([...new Set(suggestions.data.items.map((item) => item.name))]);
  }, [wanted, suggestions.data]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(text.trim());
  };

  return (
    <search aria-label={m.searchLabel}>
      <form onSubmit={submit}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Autocomplete
            aria-label={m.searchLabel}
            placeholder={m.searchPlaceholder}
            value={text}
            onChange={setText}
            data={names}
            filter={({ options }) => options}
            onOptionSubmit={(value) => {
              setText(value);
              onSearch(value);
            }}
            leftSection={<IconSearch size={18} aria-hidden />}
            rightSection={suggestions.loading ? <Loader size={16} aria-label={m.suggestionsLoading} /> : null}
            clearable
            onClear={() => onSearch('')}
            size="md"
            maxLength={200}
            style={{ flex: 1 }}
            comboboxProps={{ shadow: 'md' }}
            autoComplete="off"
            spellCheck={false}
            data-testid="catalog-search"
          />
          <ActionIcon type="submit" size={42} aria-label={m.searchSubmit} data-testid="catalog-search-submit">
            <IconArrowRight size={20} />
          </ActionIcon>
        </Group>
      </form>
    </search>
  );
}
