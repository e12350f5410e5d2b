import { Alert, Group, Loader, Stack, Switch, Title } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { useLayoutEffect, useState } from "react";

import { toBackendError } from "../../backend";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { Name } from "../../Name";
import { MARKS, mark, markAfterPaint } from "../../perf";
import { GatedButton } from "../rights/Gated";
import { useNamespaceGate } from "../rights/RightsContext";
import { DeleteSecretModal } from "./DeleteSecretModal";
import { EditSecretModal } from "./EditSecretModal";
import { ExportSecretsModal } from "./ExportSecretsModal";
import { ImportSecretsModal } from "./ImportSecretsModal";
import { NewSecretModal } from "./NewSecretModal";
import { useSecretList } from "./queries";
import { SecretsTable } from "./SecretsTable";
import { SecretVersionsModal } from "./SecretVersionsModal";

type Dialog =
  | { kind: "new"; key: string }
  | { kind: "edit"; item: SecretListItem }
  | { kind: "delete"; item: SecretListItem }
  | { kind: "versions"; item: SecretListItem }
  | { kind: "import" }
  | { kind: "export" };

interface Props {
  tenant: string;
  namespace: string;
  /** Switches the app to another namespace (Open in the origin of an inherited secret). */
  onOpenNamespace?: (namespace: string) => void;
}

export function SecretsPanel({ tenant, namespace, onOpenNamespace }: Props) {
  // A preference, not per-namespace state: it survives switching namespaces, tabs and restarts.
  const [effective, setEffective] = useLocalStorage({
    key: "keystead.secrets.show-inherited",
    defaultValue: false,
    getInitialValueInEffect: false,
  });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const list = useSecretList(tenant, namespace, effective);
  // A layout effect runs once the rows are in the DOM, before the browser paints them.
  useLayoutEffect(() => {
    if (list.data === undefined) return;
    mark(MARKS.secretsRendered);
    markAfterPaint(MARKS.secretsPainted);
  }, [list.data]);
  const adminHere = useNamespaceGate(tenant, namespace, "admin");
  const close = () => {
    setDialog(null);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3} data-testid="secrets-title">
          Secrets in <Name value={namespace} />
        </Title>
        <Group>
          <Switch
            label="Show inherited"
            checked={effective}
            onChange={(event) => {
              setEffective(event.currentTarget.checked);
            }}
            data-testid="show-inherited-switch"
          />
          <GatedButton
            gate={adminHere}
            variant="default"
            onClick={() => {
              setDialog({ kind: "import" });
            }}
            data-testid="import-secrets-button"
          >
            Import…
          </GatedButton>
          <GatedButton
            gate={adminHere}
            variant="default"
            onClick={() => {
              setDialog({ kind: "export" });
            }}
            data-testid="export-secrets-button"
          >
            Export…
          </GatedButton>
          <GatedButton
            gate={adminHere}
            onClick={() => {
              setDialog({ kind: "new", key: "" });
            }}
            data-testid="new-secret-button"
          >
            New secret
          </GatedButton>
        </Group>
      </Group>
      {list.isPending ? (
        <Loader size="sm" aria-label="Loading secrets" />
      ) : list.isError ? (
        <Alert color="red">{toBackendError(list.error).message}</Alert>
      ) : (
        <SecretsTable
          tenant={tenant}
          namespace={namespace}
          items={list.data}
          onEdit={(item) => {
            setDialog({ kind: "edit", item });
          }}
          onDelete={(item) => {
            setDialog({ kind: "delete", item });
          }}
          onVersions={(item) => {
            setDialog({ kind: "versions", item });
          }}
          onOverride={(item) => {
            setDialog({ kind: "new", key: item.key });
          }}
          onOpenNamespace={onOpenNamespace}
        />
      )}
      {dialog?.kind === "new" && (
        <NewSecretModal
          tenant={tenant}
          namespace={namespace}
          initialKey={dialog.key}
          onClose={close}
          onEdit={(item) => {
            setDialog({ kind: "edit", item });
          }}
        />
      )}
      {dialog?.kind === "edit" && <EditSecretModal tenant={tenant} item={dialog.item} onClose={close} />}
      {dialog?.kind === "versions" && (
        // The listing's row, so a read-only flag changed meanwhile shows here too.
        <SecretVersionsModal tenant={tenant} item={current(list.data, dialog.item)} onClose={close} />
      )}
      {dialog?.kind === "import" && <ImportSecretsModal tenant={tenant} namespace={namespace} onClose={close} />}
      {dialog?.kind === "export" && (
        <ExportSecretsModal
          tenant={tenant}
          namespace={namespace}
          count={list.data?.filter((item) => !item.inherited).length ?? 0}
          onClose={close}
        />
      )}
      <DeleteSecretModal tenant={tenant} item={dialog?.kind === "delete" ? dialog.item : null} onClose={close} />
    </Stack>
  );
}

function current(items: SecretListItem[] | undefined, item: SecretListItem): SecretListItem {
  return items?.find((row) => row.namespace === item.namespace && row.key === item.key) ?? item;
}
