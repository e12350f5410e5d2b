import { Alert, Anchor, Button, CloseButton, Group, Loader, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useLocalStorage } from "@mantine/hooks";
import { useEffect, useState } from "react";

import type { KvListItem } from "../../bindings/KvListItem";
import type { KvType } from "../../bindings/KvType";
import { Name } from "../../Name";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { DeleteKvModal } from "./DeleteKvModal";
import { EditKvModal } from "./EditKvModal";
import { deadlineOf } from "./kvExpiry";
import { KvTable } from "./KvTable";
import { NewKvModal } from "./NewKvModal";
import { useKvList } from "./queries";

type Dialog =
  | { kind: "new"; key: string; type: KvType; shadows: KvListItem | null }
  | { kind: "edit"; key: string }
  | { kind: "delete"; item: KvListItem };

interface Props {
  tenant: string;
  namespace: string;
  /** Switches the app to another namespace (Open in the origin of an inherited pair). */
  onOpenNamespace?: (namespace: string) => void;
  /** Switches to this namespace's Secrets tab. */
  onOpenSecrets?: () => void;
}

export function KvPanel({ tenant, namespace, onOpenNamespace, onOpenSecrets }: Props) {
  // A preference, not per-namespace state (as on the Secrets tab, with its own key).
  const [effective, setEffective] = useLocalStorage({
    key: "keystead.kv.show-inherited",
    defaultValue: false,
    getInitialValueInEffect: false,
  });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [prefix, setPrefix] = useState("");
  // The core filters: one listing per pause in typing, not per keystroke.
  const [sentPrefix] = useDebouncedValue(prefix.trim(), 200);
  const list = useKvList(tenant, namespace, effective, sentPrefix === "" ? null : sentPrefix);
  useRefetchAtNextExpiry(list.data, list.dataUpdatedAt, list.refetch);
  const close = () => {
    setDialog(null);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3} data-testid="kv-title">
          KV pairs in <Name value={namespace} />
        </Title>
        <Group>
          <Switch
            label="Show inherited"
            checked={effective}
            onChange={(event) => {
              setEffective(event.currentTarget.checked);
            }}
            data-testid="kv-show-inherited-switch"
          />
          <Button
            onClick={() => {
              setDialog({ kind: "new", key: "", type: "string", shadows: null });
            }}
            data-testid="new-kv-button"
          >
            New pair
          </Button>
        </Group>
      </Group>
      <SensitiveValuesNote onOpenSecrets={onOpenSecrets} />
      <TextInput
        label="Keys starting with"
        placeholder="e.g. cursor."
        value={prefix}
        onChange={(event) => {
          setPrefix(event.currentTarget.value);
        }}
        rightSection={
          prefix !== "" && (
            <CloseButton
              aria-label="Clear the key filter"
              onClick={() => {
                setPrefix("");
              }}
            />
          )
        }
        maw={360}
        data-testid="kv-prefix-filter"
      />
      {list.isPending ? (
        <Loader size="sm" aria-label="Loading KV pairs" />
      ) : list.isError ? (
        <ServerErrorAlert error={list.error} title="Could not list KV pairs" testId="kv-list-error" />
      ) : (
        <KvTable
          namespace={namespace}
          items={list.data}
          prefix={sentPrefix}
          readAt={list.dataUpdatedAt}
          onEdit={(item) => {
            setDialog({ kind: "edit", key: item.key });
          }}
          onDelete={(item) => {
            setDialog({ kind: "delete", item });
          }}
          onOverride={(item) => {
            setDialog({ kind: "new", key: item.key, type: item.type, shadows: item });
          }}
          onOpenNamespace={onOpenNamespace}
        />
      )}
      {dialog?.kind === "new" && (
        <NewKvModal
          tenant={tenant}
          namespace={namespace}
          initialKey={dialog.key}
          initialType={dialog.type}
          shadows={dialog.shadows}
          onClose={close}
          onEdit={(key) => {
            setDialog({ kind: "edit", key });
          }}
        />
      )}
      {dialog?.kind === "edit" && <EditKvModal tenant={tenant} namespace={namespace} pairKey={dialog.key} onClose={close} />}
      <DeleteKvModal tenant={tenant} item={dialog?.kind === "delete" ? dialog.item : null} onClose={close} />
    </Stack>
  );
}

/** The rule of thumb, where people decide what to store here. */
function SensitiveValuesNote({ onOpenSecrets }: { onOpenSecrets: (() => void) | undefined }) {
  return (
    <Alert variant="light" color="blue" p="xs" data-testid="kv-sensitive-note">
      <Text size="sm">
        KV holds state that flows change at run time: cursors, checkpoints, switches. Values are not encrypted and
        are shown in full; passwords, keys and tokens belong in Secrets
        {onOpenSecrets === undefined ? "." : ": "}
        {onOpenSecrets !== undefined && (
          <Anchor component="button" type="button" size="sm" onClick={onOpenSecrets} data-testid="kv-open-secrets">
            Open Secrets
          </Anchor>
        )}
      </Text>
    </Alert>
  );
}

/** Expired pairs vanish from reads at once: read the listing again when the first one runs out. */
function useRefetchAtNextExpiry(items: KvListItem[] | undefined, readAt: number, refetch: () => Promise<unknown>) {
  const next = Math.min(
    ...(items ?? []).map((item) => deadlineOf(item.expires_in, readAt) ?? Infinity).filter((at) => at > readAt),
  );
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    // A little after the deadline, so the core's clock has passed it too.
    const timer = setTimeout(() => void refetch(), Math.max(0, next - Date.now()) + 500);
    return () => {
      clearTimeout(timer);
    };
  }, [next, refetch]);
}
