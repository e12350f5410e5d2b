import { Drawer, Group, Loader, Stack, Title } from "@mantine/core";
import { useState } from "react";

import type { CredentialDto } from "../../bindings/CredentialDto";
import { Name } from "../../Name";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { GatedButton } from "../rights/Gated";
import { useNamespaceGate } from "../rights/RightsContext";
import { CopyCredentialModal } from "./CopyCredentialModal";
import { CredentialFormModal } from "./CredentialFormModal";
import { CredentialsTable } from "./CredentialsTable";
import { DeleteCredentialModal } from "./DeleteCredentialModal";
import type { CredentialFormMode } from "./formMode";
import { useCredentialList, useCredentialTest, useCredentialTypes, type TestRequest } from "./queries";
import { TestOutcome } from "./TestResultView";

type Dialog =
  | { kind: "form"; mode: CredentialFormMode }
  | { kind: "copy"; item: CredentialDto }
  | { kind: "delete"; item: CredentialDto };

interface Props {
  tenant: string;
  namespace: string;
  /** Switches the app to another namespace (Open in the origin of an inherited credential). */
  onOpenNamespace?: (namespace: string) => void;
}

export function CredentialsPanel({ tenant, namespace, onOpenNamespace }: Props) {
  const list = useCredentialList(tenant, namespace);
  const types = useCredentialTypes(tenant);
  const test = useCredentialTest(tenant);
  const adminHere = useNamespaceGate(tenant, namespace, "admin");
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [testTitle, setTestTitle] = useState<string | null>(null);
  const close = () => {
    setDialog(null);
  };

  const runTest = (title: string, request: TestRequest) => {
    setTestTitle(title);
    test.mutate(request);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3} data-testid="credentials-title">
          Credentials in <Name value={namespace} />
        </Title>
        <GatedButton
          gate={adminHere}
          onClick={() => {
            setDialog({ kind: "form", mode: { kind: "new" } });
          }}
          data-testid="new-credential-button"
        >
          New credential
        </GatedButton>
      </Group>
      {list.isPending ? (
        <Loader size="sm" aria-label="Loading credentials" />
      ) : list.isError ? (
        <ServerErrorAlert error={list.error} title="Could not list credentials" />
      ) : (
        <CredentialsTable
          tenant={tenant}
          namespace={namespace}
          items={list.data}
          types={types.data ?? []}
          testingName={test.isPending && test.variables.kind === "saved" ? test.variables.name : null}
          onTest={(item) => {
            runTest(`Test ${item.name}`, { kind: "saved", namespace, name: item.name });
          }}
          onCopy={(item) => {
            setDialog({ kind: "copy", item });
          }}
          onEdit={(item) => {
            setDialog({ kind: "form", mode: { kind: "edit", credential: item } });
          }}
          onOverride={(item) => {
            setDialog({ kind: "form", mode: { kind: "override", credential: item } });
          }}
          onOpenNamespace={onOpenNamespace}
          onDelete={(item) => {
            setDialog({ kind: "delete", item });
          }}
        />
      )}
      {dialog?.kind === "form" && (
        <CredentialFormModal
          tenant={tenant}
          namespace={namespace}
          mode={dialog.mode}
          onClose={close}
          covered={testTitle !== null}
          testing={test.isPending && test.variables.kind === "definition"}
          onTest={(definition) => {
            runTest(`Test ${definition.name === "" ? "(unsaved)" : definition.name} (unsaved form)`, {
              kind: "definition",
              definition,
            });
          }}
        />
      )}
      {dialog?.kind === "copy" && (
        <CopyCredentialModal tenant={tenant} namespace={namespace} source={dialog.item} onClose={close} />
      )}
      {dialog?.kind === "delete" && <DeleteCredentialModal tenant={tenant} item={dialog.item} onClose={close} />}
      <Drawer
        opened={testTitle !== null}
        onClose={() => {
          setTestTitle(null);
          test.reset();
        }}
        title={testTitle}
        position="right"
        size="xl"
        zIndex={300}
        closeButtonProps={{ "aria-label": "Close the test result" }}
        data-testid="test-result-drawer"
      >
        <TestOutcome pending={test.isPending} error={test.error} result={test.data} />
      </Drawer>
    </Stack>
  );
}
