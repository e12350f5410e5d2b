import { Button, Stack } from "@mantine/core";

import type { CredentialDto } from "../../bindings/CredentialDto";
import type { DiagnosisFix } from "../../bindings/DiagnosisFix";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { GatedButton } from "../rights/Gated";
import { useNamespaceGate, useTenantGate } from "../rights/RightsContext";
import { useApplyDiagnosisFix } from "./queries";

/** In the form's Test: sets the input on the (unsaved) form and Tests again. */
export function FormFixButton({ fix, onApply }: { fix: DiagnosisFix; onApply: (fix: DiagnosisFix) => void }) {
  return (
    <Button
      size="xs"
      onClick={() => {
        onApply(fix);
      }}
      data-testid="diagnosis-fix"
    >
      {fix.label}
    </Button>
  );
}

interface SavedProps {
  tenant: string;
  /** The namespace the Test ran from. */
  namespace: string;
  /** The tested credential as listed there (it may be defined in an ancestor or at tenant level). */
  credential: CredentialDto;
  fix: DiagnosisFix;
  /** After the fix is saved: Test again. */
  onApplied: () => void;
}

/** On a saved credential: needs admin where the credential is defined; saves the change, then Tests again. */
export function SavedFixButton(props: SavedProps) {
  return props.credential.namespace === null ? <TenantLevelFix {...props} /> : <NamespaceFix {...props} origin={props.credential.namespace} />;
}

function TenantLevelFix(props: SavedProps) {
  return <FixControl {...props} gate={useTenantGate("admin")} />;
}

function NamespaceFix(props: SavedProps & { origin: string }) {
  return <FixControl {...props} gate={useNamespaceGate(props.tenant, props.origin, "admin")} />;
}

function FixControl({
  tenant,
  namespace,
  credential,
  fix,
  onApplied,
  gate,
}: SavedProps & { gate: ReturnType<typeof useTenantGate> }) {
  const apply = useApplyDiagnosisFix(tenant);
  const where = credential.namespace ?? "tenant level";
  return (
    <Stack gap="xs">
      <GatedButton
        gate={gate}
        size="xs"
        loading={apply.isPending}
        onClick={() => {
          apply.mutate({ namespace, name: credential.name, fix }, { onSuccess: onApplied });
        }}
        title={`Saves ${credential.name} in ${where} with ${fix.input} = ${fix.value}, then Tests again`}
        data-testid="diagnosis-fix"
      >
        {fix.label}
      </GatedButton>
      {apply.isError && <ServerErrorAlert error={apply.error} title="The fix was not saved" testId="diagnosis-fix-error" />}
    </Stack>
  );
}
