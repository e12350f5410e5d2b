import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";

import { errorCode, toBackendError } from "../../backend";
import type { NamespaceDeleted } from "../../bindings/NamespaceDeleted";
import type { NamespaceNode } from "../../bindings/NamespaceNode";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { useDeleteNamespace } from "./queries";

interface Props {
  tenant: string;
  node: NamespaceNode | null;
  onClose: () => void;
  onDeleted: (namespace: string) => void;
}

/**
 * An empty namespace goes after a plain confirmation. One that holds anything goes only with everything in and
 * below it, after its name is typed: the tree shows child namespaces and secrets, and the core names the rest
 * (credentials, KV pairs, role bindings) when it refuses a plain delete.
 */
export function DeleteNamespaceModal({ tenant, node, onClose, onDeleted }: Props) {
  return (
    <Modal opened={node !== null} onClose={onClose} title="Delete namespace">
      {node !== null && <DeleteNamespaceForm key={node.id} tenant={tenant} node={node} onClose={onClose} onDeleted={onDeleted} />}
    </Modal>
  );
}

function DeleteNamespaceForm({ tenant, node, onClose, onDeleted }: Props & { node: NamespaceNode }) {
  const remove = useDeleteNamespace(tenant);
  const knownHoldings = describeKnown(node);
  // What the core said it holds, after refusing a plain delete.
  const [refusal, setRefusal] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const recursive = knownHoldings !== null || refusal !== null;

  const confirm = () => {
    remove.mutate(
      { namespace: node.id, recursive },
      {
        onSuccess: (deleted) => {
          notifySuccess(summary(deleted));
          onDeleted(node.id);
          onClose();
        },
        onError: (error) => {
          if (!recursive && errorCode(error) === "conflict") {
            setRefusal(toBackendError(error).message);
            remove.reset();
          }
        },
      },
    );
  };

  return (
    <Stack>
      {!recursive ? (
        <Text size="sm" data-testid="namespace-delete-question">
          Delete the empty namespace <b>{node.id}</b>?
        </Text>
      ) : (
        <>
          <Text size="sm" data-testid="namespace-delete-holdings">
            {refusal ?? `${node.id} holds ${knownHoldings ?? ""}.`}
          </Text>
          <Text size="sm" c="red" fw={600}>
            Deleting it also deletes everything in and below it: secrets with their versions, credentials, KV pairs,
            role bindings and child namespaces. This cannot be undone.
          </Text>
          <TextInput
            label={`Type ${node.id} to confirm`}
            value={typed}
            onChange={(event) => {
              setTyped(event.currentTarget.value);
            }}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            data-testid="namespace-delete-typed"
          />
        </>
      )}
      {remove.isError && <ServerErrorAlert error={remove.error} title="Not deleted" testId="namespace-delete-error" />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} data-autofocus={!recursive || undefined}>
          Cancel
        </Button>
        <Button
          color="red"
          onClick={confirm}
          loading={remove.isPending}
          disabled={recursive && typed.trim() !== node.id}
          data-testid="namespace-delete-confirm"
        >
          {recursive ? "Delete everything" : "Delete"}
        </Button>
      </Group>
    </Stack>
  );
}

/** What the tree already shows the namespace holds, in words; null when it shows nothing. */
function describeKnown(node: NamespaceNode): string | null {
  const parts = [
    node.secret_count > 0 && `${node.secret_count} secret${node.secret_count === 1 ? "" : "s"}`,
    node.children.length > 0 &&
      `child namespace${node.children.length === 1 ? "" : "s"} ${node.children.map((child) => child.id).join(", ")}`,
  ].filter((part) => part !== false);
  return parts.length === 0 ? null : parts.join(" and ");
}

function summary(deleted: NamespaceDeleted): string {
  const counted = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
  const parts = [
    counted(deleted.secrets, "secret"),
    counted(deleted.credentials, "credential"),
    counted(deleted.kv_pairs, "KV pair"),
    counted(deleted.role_bindings, "role binding"),
    counted(deleted.namespaces, "namespace"),
  ];
  return `Deleted ${deleted.namespace}: ${parts.join(", ")}`;
}
