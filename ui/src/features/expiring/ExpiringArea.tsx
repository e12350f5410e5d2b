import { Group, Loader, SegmentedControl, Select, Stack, Text, Title } from "@mantine/core";
import { lazy, Suspense, useState } from "react";

import { ServerErrorAlert } from "../../ServerErrorAlert";
import type { Destination } from "../search/searchIndex";
import { ExpiringTable } from "./ExpiringTable";
import { ChartBoundary } from "./ChartBoundary";
import { HORIZONS, SECRET_AGES } from "./expiringItems";
import { useExpiring } from "./queries";

// The chart library is its own chunk, loaded with the first report; if it fails, the table still shows.
const ExpiringTimeline = lazy(() =>
  import("./ExpiringTimeline").then((module) => ({ default: module.ExpiringTimeline })),
);

const label = (choices: { value: string; label: string }[], value: string) =>
  choices.find((choice) => choice.value === value)?.label ?? value;

/**
 * What needs attention soon in a tenant: API tokens and KV pairs by expiry, secrets by the age of their
 * value, credentials whose last Test failed. The core lists only what the caller may read.
 */
export function ExpiringArea({ tenant, onNavigate }: { tenant: string; onNavigate: (destination: Destination) => void }) {
  const [within, setWithin] = useState("P30D");
  const [secretAge, setSecretAge] = useState("P90D");
  const report = useExpiring(tenant, within, secretAge);

  return (
    <Stack gap="sm">
      <div>
        <Title order={2} size="h3" data-testid="expiring-title">
          Expiring soon in tenant {tenant}
        </Title>
        <Text size="xs" c="dimmed">
          Overdue items first, then what comes due within the horizon. Names and times only: never a value or a token.
        </Text>
      </div>
      <Group gap="lg" align="flex-end">
        <div>
          <Text size="sm" fw={500} mb={4} id="expiring-within-label">
            Horizon
          </Text>
          <SegmentedControl
            aria-labelledby="expiring-within-label"
            value={within}
            onChange={setWithin}
            data={HORIZONS}
            data-testid="expiring-within"
          />
        </div>
        <Select
          label="Secrets older than"
          value={secretAge}
          onChange={(value) => {
            if (value !== null) setSecretAge(value);
          }}
          data={SECRET_AGES}
          allowDeselect={false}
          w={160}
          data-testid="expiring-secret-age"
        />
      </Group>
      {report.isPending ? (
        <Loader size="sm" aria-label="Loading what expires soon" />
      ) : report.isError ? (
        <ServerErrorAlert error={report.error} title="What expires soon could not be read" testId="expiring-error" />
      ) : report.data.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="expiring-empty">
          Nothing needs attention within {label(HORIZONS, within)}. Tracked here: API tokens with an expiry, KV pairs
          with a TTL, secrets whose value is older than {label(SECRET_AGES, secretAge)}, and credentials whose last Test
          failed.
        </Text>
      ) : (
        <>
          <ChartBoundary>
            <Suspense fallback={<Loader size="xs" aria-label="Loading the timeline" />}>
              <ExpiringTimeline report={report.data} onNavigate={onNavigate} />
            </Suspense>
          </ChartBoundary>
          <ExpiringTable items={report.data.items} onNavigate={onNavigate} />
          <Text size="xs" c="dimmed" data-testid="expiring-count">
            {report.data.items.length} {report.data.items.length === 1 ? "item" : "items"}, {report.data.items.filter((i) => i.overdue).length}{" "}
            overdue
          </Text>
        </>
      )}
    </Stack>
  );
}
