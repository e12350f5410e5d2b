export {
  BackendError,
  errorCode,
  toBackendError,
  type Backend,
  type ClearOutcome,
  type CopyOutcome,
  type LocalErrorCode,
} from "./backend";
export { BackendProvider, useBackend } from "./context";
