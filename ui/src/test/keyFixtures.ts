// Key-lifecycle answers as the core sends them, for component tests.
import type { KeyStatusDto } from "../bindings/KeyStatusDto";
import type { UnlockState } from "../bindings/UnlockState";

/** A recovery key's shape (KSR- and 13 groups of 4 base32 characters). */
export const RECOVERY_KEY = "KSR-ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST";
export const NEW_RECOVERY_KEY = "KSR-ZZZZ-YYYY-XXXX-WWWW-VVVV-UUUU-TTTT-SSSS-RRRR-QQQQ-PPPP-OOOO-NNNN";

export function keyStatus(fields: Partial<KeyStatusDto> = {}): KeyStatusDto {
  return {
    mode: "passphrase",
    description: "master key wrapped by a key derived from a passphrase (Argon2id m=65536 KiB, t=3, p=1) (no OS keyring)",
    created_at: "2025-01-01T10:00:00Z",
    generation: 1,
    rotated_at: null,
    passphrase_changed_at: null,
    recovery_key_created_at: null,
    opened_with_recovery_key: false,
    data_keys: [{ tenant: "main", version: 1, created_at: "2025-01-01T10:00:00Z" }],
    ...fields,
  };
}

export const LOCKED: UnlockState = { unlocked: false, initialized: true, reason: null, status: null, created_master_key: false };

export function unlocked(fields: Partial<UnlockState> = {}): UnlockState {
  return {
    unlocked: true,
    initialized: true,
    reason: null,
    status: {
      data_dir: "/tmp/keystead-test",
      database: "/tmp/keystead-test/keystead.db",
      key_mode: "passphrase",
      key_mode_description: "wrapped by a passphrase",
      default_tenant: "main",
      version: "0.0.0-test",
    },
    created_master_key: false,
    ...fields,
  };
}
