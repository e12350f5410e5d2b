import { Loader, Text } from "@mantine/core";
import { Spotlight, type SpotlightStore } from "@mantine/spotlight";
import { useState } from "react";

import { buildIndex, KIND_LABEL, searchResults, type Destination, type ResultKind, type SearchResult } from "./searchIndex";
import { useSearchSources } from "./useSearchSources";

/** Enough to scan at a glance; typing more narrows it. */
const RESULT_LIMIT = 40;

interface Props {
  tenant: string;
  store: SpotlightStore;
  onNavigate: (destination: Destination) => void;
}

/**
 * Ctrl/Cmd+K from anywhere (inputs included): search the names of the tenant's namespaces, secrets,
 * credentials, KV keys, accounts and tokens; arrows move, Enter opens.
 */
export function CommandPalette({ tenant, store, onNavigate }: Props) {
  const [query, setQuery] = useState("");
  return (
    <Spotlight.Root
      store={store}
      query={query}
      onQueryChange={setQuery}
      // A controlled query is not cleared by the palette itself: each opening starts empty.
      onSpotlightClose={() => {
        setQuery("");
      }}
      shortcut={["mod + K"]}
      tagsToIgnore={[]}
      scrollable
      maxHeight={440}
      aria-label="Search"
    >
      <Spotlight.Search
        placeholder="Search names: namespaces, secrets, credentials, KV keys, accounts, tokens"
        aria-label="Search names in this tenant"
        data-testid="palette-input"
      />
      {/* Mounted only while the palette is open: the listings are fetched then, not at start-up. */}
      <PaletteResults tenant={tenant} query={query} onNavigate={onNavigate} />
    </Spotlight.Root>
  );
}

function PaletteResults({ tenant, query, onNavigate }: { tenant: string; query: string; onNavigate: (d: Destination) => void }) {
  const { sources, loading } = useSearchSources(tenant);
  const results = searchResults(buildIndex(sources), query, RESULT_LIMIT);
  const groups = (Object.keys(KIND_LABEL) as ResultKind[])
    .map((kind) => ({ kind, items: results.filter((result) => result.kind === kind) }))
    .filter((group) => group.items.length > 0);

  return (
    <Spotlight.ActionsList data-testid="palette-results">
      {groups.map((group) => (
        <Spotlight.ActionsGroup key={group.kind} label={KIND_LABEL[group.kind]}>
          {group.items.map((result) => (
            <ResultAction key={result.id} result={result} onNavigate={onNavigate} />
          ))}
        </Spotlight.ActionsGroup>
      ))}
      {results.length === 0 &&
        (loading ? (
          <Spotlight.Empty>
            <Loader size="xs" aria-label="Loading names" />
          </Spotlight.Empty>
        ) : (
          <Spotlight.Empty data-testid="palette-empty">Nothing in this tenant is named like that.</Spotlight.Empty>
        ))}
      {loading && results.length > 0 && (
        <Text size="xs" c="dimmed" px="md" py={4}>
          Still loading some lists…
        </Text>
      )}
    </Spotlight.ActionsList>
  );
}

function ResultAction({ result, onNavigate }: { result: SearchResult; onNavigate: (d: Destination) => void }) {
  return (
    <Spotlight.Action
      label={result.label}
      description={result.description}
      highlightQuery
      onClick={() => {
        onNavigate(result.destination);
      }}
      data-testid={`palette-result-${result.id}`}
      data-kind={result.kind}
    />
  );
}
