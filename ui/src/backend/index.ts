export { BackendError, errorCode, toBackendError, type Backend } from "./backend";
export { BackendProvider, useBackend } from "./context";
