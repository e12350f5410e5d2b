import { Menu } from "@mantine/core";

import type { CredentialDto } from "../../bindings/CredentialDto";
import type { RowMenuTarget } from "../../table/RowMenu";
import { GatedMenuItem } from "../rights/Gated";
import { useAdminSomewhereGate, useNamespaceGate, useTenantGate } from "../rights/RightsContext";

export interface CredentialRowActions {
  onCopy: (item: CredentialDto) => void;
  /** Edit where the credential is defined (own rows, or explicitly at tenant level). */
  onEdit: (item: CredentialDto) => void;
  onDelete: (item: CredentialDto) => void;
  /** Save a prefilled copy of an inherited credential into the namespace being viewed. */
  onOverride: (item: CredentialDto) => void;
  /** Show the namespace an inherited credential is defined in. */
  onOpenNamespace?: ((namespace: string) => void) | undefined;
}

interface Props extends CredentialRowActions {
  tenant: string;
  namespace: string;
  item: CredentialDto;
  /** The row's menu button (see `LazyRowMenu`). */
  target: RowMenuTarget;
}

/**
 * A row's actions besides Test, behind one compact button. An inherited row never offers a plain
 * Edit or Delete (they would act on the parent's copy): Override here, Open in the origin, or, for a
 * tenant-level credential that has no namespace to open, Edit/Delete labelled "at tenant level".
 * Actions the caller's role does not allow are shown disabled with the role they need.
 */
export function CredentialRowMenu({ tenant, namespace, item, target, onCopy, onEdit, onDelete, onOverride, onOpenNamespace }: Props) {
  const origin = item.namespace;
  const open = onOpenNamespace;
  const adminHere = useNamespaceGate(tenant, namespace, "admin");
  const readAtOrigin = useNamespaceGate(tenant, origin ?? namespace, "read");
  const tenantAdmin = useTenantGate("admin");
  // A copy needs admin where it goes, which is chosen in the dialog.
  const copyGate = useAdminSomewhereGate(tenant);
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={280}>
      <Menu.Target>{target()}</Menu.Target>
      <Menu.Dropdown>
        <GatedMenuItem gate={copyGate} onClick={() => { onCopy(item); }} data-testid={`copy-credential-${item.name}`}>
          Copy…
        </GatedMenuItem>
        {!item.inherited ? (
          <>
            <GatedMenuItem gate={adminHere} onClick={() => { onEdit(item); }} data-testid={`edit-${item.name}`}>
              Edit…
            </GatedMenuItem>
            <GatedMenuItem gate={adminHere} color="red" onClick={() => { onDelete(item); }} data-testid={`delete-credential-${item.name}`}>
              Delete…
            </GatedMenuItem>
          </>
        ) : (
          <>
            <GatedMenuItem gate={adminHere} onClick={() => { onOverride(item); }} data-testid={`override-${item.name}`}>
              Override in {namespace}…
            </GatedMenuItem>
            {origin !== null && open !== undefined && (
              <GatedMenuItem gate={readAtOrigin} onClick={() => { open(origin); }} data-testid={`open-origin-${item.name}`}>
                Open in {origin}
              </GatedMenuItem>
            )}
            {origin === null && (
              <>
                <GatedMenuItem gate={tenantAdmin} onClick={() => { onEdit(item); }} data-testid={`edit-${item.name}`}>
                  Edit at tenant level…
                </GatedMenuItem>
                <GatedMenuItem gate={tenantAdmin} color="red" onClick={() => { onDelete(item); }} data-testid={`delete-credential-${item.name}`}>
                  Delete at tenant level…
                </GatedMenuItem>
              </>
            )}
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
