import { Code, Menu, Text } from "@mantine/core";

import { useBackend } from "../../backend";
import type { RowMenuTarget } from "../../table/RowMenu";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { notifyError, notifySuccess } from "../../notify";
import { secretReference } from "../credentials/secretReference";
import { GatedMenuItem } from "../rights/Gated";
import { useNamespaceGate } from "../rights/RightsContext";
import { useSetReadOnly } from "./queries";

export interface SecretRowActions {
  onEdit: (item: SecretListItem) => void;
  onDelete: (item: SecretListItem) => void;
  /** Show the version history (and restore). */
  onVersions: (item: SecretListItem) => void;
  /** Create the key in the listed namespace, shadowing the inherited one. */
  onOverride: (item: SecretListItem) => void;
  /** Show another namespace (where an inherited secret is defined). */
  onOpenNamespace?: ((namespace: string) => void) | undefined;
}

interface Props extends SecretRowActions {
  tenant: string;
  namespace: string;
  item: SecretListItem;
  /** The row's menu button (see `LazyRowMenu`). */
  target: RowMenuTarget;
}

/**
 * A row's less frequent actions, behind one compact button so the row fits an 800 px window.
 * An inherited row is never edited or deleted from here: that would act on the parent's copy.
 */
export function SecretRowMenu({ tenant, namespace, item, target, onEdit, onDelete, onVersions, onOverride, onOpenNamespace }: Props) {
  const backend = useBackend();
  const setReadOnly = useSetReadOnly(tenant);
  const readHere = useNamespaceGate(tenant, namespace, "read");
  // Own rows and overrides are written in the listed namespace; an inherited row opens where it is defined.
  const adminHere = useNamespaceGate(tenant, namespace, "admin");
  const readAtOrigin = useNamespaceGate(tenant, item.origin, "read");
  const toggleReadOnly = () => {
    const readOnly = !item.read_only;
    setReadOnly.mutate(
      { namespace: item.namespace, key: item.key, readOnly },
      {
        onSuccess: () => {
          notifySuccess(readOnly ? `${item.key} is now read-only` : `${item.key} can be changed again`);
        },
        onError: (error) => {
          notifyError(`Could not change the read-only flag of ${item.key}`, error);
        },
      },
    );
  };

  // The reference is text, not the value: nothing is read from the core and nothing needs clearing.
  const reference = secretReference(item.key);
  const copyReference = () => {
    backend.secretReferenceCopy(item.key).then(
      () => {
        notifySuccess(`${reference} copied`);
      },
      (error: unknown) => {
        notifyError(`Could not copy ${reference}`, error);
      },
    );
  };

  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={260}>
      <Menu.Target>{target(setReadOnly.isPending)}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={copyReference} data-testid={`copy-reference-${item.key}`}>
          <Text size="sm">
            Copy as <Code>{reference}</Code>
          </Text>
          <Text size="xs" c="dimmed">
            The reference credentials use; resolved through inheritance
          </Text>
        </Menu.Item>
        {item.inherited ? (
          <>
            <Menu.Label>Defined in {item.origin}</Menu.Label>
            <GatedMenuItem
              gate={adminHere}
              onClick={() => {
                onOverride(item);
              }}
              data-testid={`override-secret-${item.key}`}
            >
              Override in {namespace}…
            </GatedMenuItem>
            {onOpenNamespace !== undefined && (
              <GatedMenuItem
                gate={readAtOrigin}
                onClick={() => {
                  onOpenNamespace(item.origin);
                }}
                data-testid={`open-origin-${item.key}`}
              >
                Open in {item.origin}
              </GatedMenuItem>
            )}
          </>
        ) : (
          <>
            <GatedMenuItem
              gate={adminHere}
              onClick={() => {
                onEdit(item);
              }}
              data-testid={`edit-secret-${item.key}`}
            >
              Edit…
            </GatedMenuItem>
            <GatedMenuItem
              gate={readHere}
              onClick={() => {
                onVersions(item);
              }}
              data-testid={`versions-${item.key}`}
            >
              Versions ({item.version})…
            </GatedMenuItem>
            <GatedMenuItem gate={adminHere} onClick={toggleReadOnly} data-testid={`read-only-${item.key}`}>
              <Text size="sm">{item.read_only ? "Clear read-only" : "Set read-only"}</Text>
              <Text size="xs" c="dimmed">
                Refuses new values and deletion until cleared
              </Text>
            </GatedMenuItem>
            <Menu.Divider />
            <GatedMenuItem
              gate={adminHere}
              color="red"
              onClick={() => {
                onDelete(item);
              }}
              data-testid={`delete-${item.key}`}
            >
              Delete…
            </GatedMenuItem>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
