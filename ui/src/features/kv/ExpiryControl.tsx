import { Box, Radio, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import type { ReactNode } from "react";

import { formatTime } from "../../formatTime";
import { useNow } from "../credentials/expiry";
import { countdown, TTL_PRESETS, ttlError, type ExpiryMode, type ExpiryState } from "./kvExpiry";
import { durationSeconds } from "./kvValue";

/** The stored expiry an edit starts from; null for a new pair. */
export interface CurrentExpiry {
  expiresAt: string | null;
  /** When it runs out in this page's clock (see `deadlineOf`). */
  deadline: number | null;
}

interface Props {
  value: ExpiryState;
  onChange: (next: ExpiryState) => void;
  errors: { otherTtl?: ReactNode; at?: ReactNode };
  current: CurrentExpiry | null;
}

/**
 * Keep, change or remove, chosen explicitly. An edit starts on Keep, which says what it keeps: an edit of
 * the value never moves or drops the expiry by surprise.
 */
export function ExpiryControl({ value, onChange, errors, current }: Props) {
  const now = useNow(1000);
  const set = (changes: Partial<ExpiryState>) => {
    onChange({ ...value, ...changes });
  };
  const editing = current !== null;
  const hasExpiry = current?.expiresAt != null;

  const keepLabel =
    current?.expiresAt == null
      ? "Keep: never expires"
      : `Keep: expires ${formatTime(current.expiresAt)} (${countdown(current.deadline, now)})`;
  const change = (words: string) => (editing ? `${hasExpiry ? "Change" : "Set"}: ${words.toLowerCase()}` : words);

  return (
    <Radio.Group
      label="Expiry"
      description="A TTL becomes an absolute time when saved; expired pairs disappear from reads at once."
      value={value.mode}
      onChange={(mode) => {
        set({ mode: mode as ExpiryMode });
      }}
      data-testid="kv-expiry"
    >
      <Stack gap={8} mt={6}>
        {editing ? (
          <Radio value="keep" label={keepLabel} data-testid="kv-expiry-keep" />
        ) : (
          <Radio value="clear" label="No expiry" data-testid="kv-expiry-clear" />
        )}
        <Radio value="ttl" label={change("Expire after")} data-testid="kv-expiry-ttl" />
        {value.mode === "ttl" && (
          <Indented>
            <SegmentedControl
              size="xs"
              data={TTL_PRESETS.map((preset) => ({ value: preset.value, label: preset.label }))}
              value={value.preset}
              onChange={(preset) => {
                set({ preset });
              }}
              aria-label="TTL"
              data-testid="kv-ttl-presets"
            />
            {value.preset === "other" && (
              <TextInput
                size="xs"
                label="TTL (ISO-8601)"
                placeholder="PT90M, PT12H, P14D"
                autoComplete="off"
                spellCheck={false}
                value={value.otherTtl}
                onChange={(event) => {
                  set({ otherTtl: event.currentTarget.value });
                }}
                error={errors.otherTtl}
                maw={240}
                data-testid="kv-ttl-other-input"
              />
            )}
            <TtlPreview ttl={value.preset === "other" ? value.otherTtl : value.preset} now={now} />
          </Indented>
        )}
        <Radio value="at" label={change("Expire at")} data-testid="kv-expiry-at" />
        {value.mode === "at" && (
          <Indented>
            <TextInput
              size="xs"
              type="datetime-local"
              step={1}
              label="Expires at (your time zone)"
              value={value.at}
              onChange={(event) => {
                set({ at: event.currentTarget.value });
              }}
              error={errors.at}
              maw={260}
              data-testid="kv-expiry-at-input"
            />
          </Indented>
        )}
        {editing && hasExpiry && <Radio value="clear" label="Remove: never expires" data-testid="kv-expiry-clear" />}
      </Stack>
    </Radio.Group>
  );
}

function Indented({ children }: { children: ReactNode }) {
  return (
    <Box pl={30}>
      <Stack gap={6}>{children}</Stack>
    </Box>
  );
}

/** The absolute time a TTL means if saved now (the core fixes it when the write lands). */
function TtlPreview({ ttl, now }: { ttl: string; now: number }) {
  const seconds = durationSeconds(ttl);
  if (seconds === null || ttlError(ttl) !== null) return null;
  const at = now + seconds * 1000;
  return (
    <Text size="xs" c="dimmed" data-testid="kv-ttl-preview">
      expires about {formatTime(new Date(at).toISOString())} ({countdown(at, now)})
    </Text>
  );
}
