// The web console keeps the API token in the tab's session storage: it survives a reload, not the tab.
// It is never logged and never put in a URL; Sign out removes it.
const KEY = "keystead.api-token";

export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

export const sessionTokenStore: TokenStore = {
  get: () => sessionStorage.getItem(KEY),
  set: (token) => {
    sessionStorage.setItem(KEY, token);
  },
  clear: () => {
    sessionStorage.removeItem(KEY);
  },
};

/** The shape of a Keystead API token: `kst_` and 36 letters and digits (the server checks the rest). */
export function validateTokenShape(raw: string): string | null {
  const token = raw.trim();
  if (token === "") return "Paste an API token";
  if (!token.startsWith("kst_")) return "An API token starts with kst_";
  if (!/^kst_[A-Za-z0-9]{36}$/.test(token)) return "An API token is kst_ and 36 letters and digits (40 characters): it looks cut off";
  return null;
}
