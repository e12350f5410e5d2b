import { Drawer, Group, Loader, Stack, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";

import type { CredentialDto } from "../../bindings/CredentialDto";
import type { DiagnosisFix } from "../../bindings/DiagnosisFix";
import { Name } from "../../Name";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { GatedButton } from "../rights/Gated";
import { useNamespaceGate } from "../rights/RightsContext";
import { CopyCredentialModal } from "./CopyCredentialModal";
import { CredentialFormModal } from "./CredentialFormModal";
import { CredentialsTable } from "./CredentialsTable";
import { DeleteCredentialModal } from "./DeleteCredentialModal";
import { FormFixButton, SavedFixButton } from "./DiagnosisFixButton";
import type { CredentialFormMode } from "./formMode";
import { useCredentialList, useCredentialTest, useCredentialTypes, type TestRequest } from "./queries";
import { TestAllModal } from "./TestAllModal";
import { TestOutcome, type RenderFix } from "./TestResultView";

type Dialog =
  | { kind: "form"; mode: CredentialFormMode }
  | { kind: "test-all"; items: CredentialDto[] }
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
  const useHere = useNamespaceGate(tenant, namespace, "use");
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [testTitle, setTestTitle] = useState<string | null>(null);
  const [formFix, setFormFix] = useState<{ fix: DiagnosisFix } | null>(null);
  const close = () => {
    setDialog(null);
    setFormFix(null);
  };

  const runTest = (title: string, request: TestRequest) => {
    setTestTitle(title);
    test.mutate(request);
  };

  const renderFix = fixRenderer(test.variables, list.data, {
    onFormFix: (fix) => {
      setFormFix({ fix });
    },
    savedFix: (credential, fix) => (
      <SavedFixButton
        tenant={tenant}
        namespace={namespace}
        credential={credential}
        fix={fix}
        onApplied={() => {
          runTest(`Test ${credential.name}`, { kind: "saved", namespace, name: credential.name });
        }}
      />
    ),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3} data-testid="credentials-title">
          Credentials in <Name value={namespace} />
        </Title>
        <Group gap="xs">
          <GatedButton
            gate={useHere}
            variant="default"
            disabled={list.data === undefined || list.data.length === 0}
            onClick={() => {
              if (list.data !== undefined) setDialog({ kind: "test-all", items: list.data });
            }}
            data-testid="test-all-button"
          >
            Test all
          </GatedButton>
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
          pendingFix={formFix}
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
      {dialog?.kind === "test-all" && (
        <TestAllModal tenant={tenant} namespace={namespace} credentials={dialog.items} onClose={close} />
      )}
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
        <TestOutcome pending={test.isPending} error={test.error} result={test.data} renderFix={renderFix} />
      </Drawer>
    </Stack>
  );
}

/** The control that applies a diagnosis fix: on the open form for an unsaved Test, else on the saved credential. */
function fixRenderer(
  request: TestRequest | undefined,
  listed: CredentialDto[] | undefined,
  { onFormFix, savedFix }: { onFormFix: (fix: DiagnosisFix) => void; savedFix: (credential: CredentialDto, fix: DiagnosisFix) => ReactNode },
): RenderFix | undefined {
  if (request === undefined) return undefined;
  if (request.kind === "definition") {
    return (fix) => <FormFixButton fix={fix} onApply={onFormFix} />;
  }
  const credential = listed?.find((item) => item.name === request.name);
  return credential === undefined ? undefined : (fix) => savedFix(credential, fix);
}
