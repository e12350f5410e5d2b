import { Alert, Button, FileButton, Group, Modal, Progress, Radio, SegmentedControl, Stack, Text, Textarea } from "@mantine/core";
import { useRef, useState } from "react";

import { errorCode, toBackendError } from "../../backend";
import type { ConflictPolicy } from "../../bindings/ConflictPolicy";
import type { ImportFormat } from "../../bindings/ImportFormat";
import type { ImportProgress } from "../../bindings/ImportProgress";
import type { ImportReport } from "../../bindings/ImportReport";
import { notifySuccess } from "../../notify";
import { ImportPreviewTable } from "./ImportPreviewTable";
import { formatForFile, summary } from "./importPlan";
import { useImportSecrets } from "./queries";

interface Props {
  tenant: string;
  namespace: string;
  onClose: () => void;
}

interface ChosenFile {
  name: string;
  content: string;
}

/** The core's dry run; `refusal` when the Fail policy would refuse (the table then shows a Skip dry run). */
interface Preview {
  report: ImportReport;
  refusal: string | null;
}

const POLICIES: { value: ConflictPolicy; label: string }[] = [
  { value: "skip", label: "Keep the current value" },
  { value: "overwrite", label: "Overwrite with the file's value" },
  { value: "fail", label: "Refuse the whole import" },
];

/**
 * Bulk import of `.env` or Kestra `.env_encoded` text into one namespace: the core's dry run first (per key:
 * new, changed or unchanged, and what the conflict policy does), then the import itself, all or nothing.
 * The pasted text lives in an uncontrolled textarea, so a large paste re-renders nothing while it is typed.
 */
export function ImportSecretsModal({ tenant, namespace, onClose }: Props) {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const run = useImportSecrets(tenant);
  const pasted = useRef<HTMLTextAreaElement>(null);
  const [hasText, setHasText] = useState(false);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [format, setFormat] = useState<ImportFormat>("env");
  const [policy, setPolicy] = useState<ConflictPolicy>("skip");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [result, setResult] = useState<ImportReport | null>(null);
  // Answers to an earlier preview (policy clicked twice quickly) are dropped.
  const latest = useRef(0);

  const content = () => file?.content ?? pasted.current?.value ?? "";
  /** A run's request, and where its progress goes: only the latest run's reaches the bar. */
  const request = (onConflict: ConflictPolicy, dryRun: boolean, ticket: number) => ({
    req: { tenant, namespace, format, content: content(), on_conflict: onConflict, dry_run: dryRun },
    onProgress: (step: ImportProgress) => {
      if (ticket === latest.current) setProgress(step);
    },
  });
  const stale = () => {
    latest.current += 1;
    setPreview(null);
    setFailure(null);
    setResult(null);
  };

  const runPreview = async (onConflict: ConflictPolicy) => {
    const ticket = ++latest.current;
    setProgress(null);
    setPreviewing(true);
    setFailure(null);
    try {
      const report = await run.mutateAsync(request(onConflict, true, ticket));
      if (ticket === latest.current) setPreview({ report, refusal: null });
    } catch (error) {
      if (ticket !== latest.current) return;
      if (onConflict === "fail" && errorCode(error) === "conflict") {
        // Show which keys differ: the same file compared without refusing.
        const report = await run.mutateAsync(request("skip", true, ticket)).catch(() => null);
        if (ticket !== latest.current) return;
        if (report !== null) {
          setPreview({ report, refusal: toBackendError(error).message });
          return;
        }
      }
      setPreview(null);
      setFailure(toBackendError(error).message);
    } finally {
      if (ticket === latest.current) setPreviewing(false);
    }
  };

  const doImport = async () => {
    const ticket = ++latest.current;
    setProgress(null);
    setFailure(null);
    try {
      const report = await run.mutateAsync(request(policy, false, ticket));
      setResult(report);
      notifySuccess(summary(report));
    } catch (error) {
      setFailure(toBackendError(error).message);
    }
  };

  const chooseFile = async (chosen: File | null) => {
    if (chosen === null) return;
    stale();
    try {
      setFile({ name: chosen.name, content: await readText(chosen) });
      setFormat(formatForFile(chosen.name));
      setFileError(null);
    } catch (error) {
      setFile(null);
      setFileError(`Could not read ${chosen.name}: ${toBackendError(error).message}`);
    }
  };

  const ready = file !== null || hasText;
  const shown = result ?? preview?.report ?? null;

  return (
    <Modal opened onClose={onClose} title={`Import secrets into ${namespace}`} size="xl">
      <Stack>
        {result === null && (
          <>
            <Text size="sm">
              Paste <code>KEY=value</code> lines or choose a file. Nothing is written until you press Import, and then
              every key is written or none.
            </Text>
            {file === null ? (
              <Textarea
                ref={pasted}
                label="Paste .env text"
                placeholder={"API_KEY=...\nDB_PASSWORD=..."}
                rows={6}
                autoComplete="off"
                spellCheck={false}
                styles={{ input: { fontFamily: "monospace", whiteSpace: "pre" } }}
                onChange={(event) => {
                  setHasText(event.currentTarget.value.trim() !== "");
                  if (preview !== null || failure !== null) stale();
                }}
                data-testid="import-text"
              />
            ) : (
              <Group justify="space-between" data-testid="import-file-chosen">
                <Text size="sm">
                  File <b>{file.name}</b> ({String(file.content.split("\n").length)} lines)
                </Text>
                <Button
                  variant="subtle"
                  size="xs"
                  onClick={() => {
                    stale();
                    setFile(null);
                    setHasText(false);
                  }}
                >
                  Paste instead
                </Button>
              </Group>
            )}
            <Group>
              <FileButton onChange={(chosen) => void chooseFile(chosen)} accept=".env,.env_encoded,text/plain">
                {(props) => (
                  <Button variant="default" size="xs" {...props} data-testid="import-choose-file">
                    Choose a .env or .env_encoded file…
                  </Button>
                )}
              </FileButton>
              <SegmentedControl
                size="xs"
                value={format}
                onChange={(value) => {
                  setFormat(value as ImportFormat);
                  stale();
                }}
                data={[
                  { value: "env", label: ".env (KEY=value)" },
                  { value: "kestra-env", label: "Kestra .env_encoded (base64)" },
                ]}
                data-testid="import-format"
              />
            </Group>
            {fileError !== null && <Alert color="red">{fileError}</Alert>}
            <Radio.Group
              label="When a key already exists with another value"
              value={policy}
              onChange={(value) => {
                const next = value as ConflictPolicy;
                setPolicy(next);
                setResult(null);
                if (preview !== null) void runPreview(next);
              }}
              data-testid="import-policy"
            >
              <Group mt={4}>
                {POLICIES.map((option) => (
                  <Radio key={option.value} value={option.value} label={option.label} data-testid={`import-policy-${option.value}`} />
                ))}
              </Group>
            </Radio.Group>
          </>
        )}
        {failure !== null && (
          <Alert color="red" title="Nothing was imported" data-testid="import-error">
            {failure}
          </Alert>
        )}
        {preview?.refusal != null && result === null && (
          <Alert color="orange" title="Import would be refused" data-testid="import-refusal">
            {preview.refusal}. Choose to keep or overwrite the keys that differ.
          </Alert>
        )}
        {run.isPending && progress !== null && <ImportProgressBar progress={progress} />}
        {shown !== null && (
          <>
            <Text size="sm" fw={500} data-testid="import-summary">
              {summary(shown)}
            </Text>
            <ImportPreviewTable items={shown.items} done={!shown.dry_run} />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="import-close">
            {result === null ? "Cancel" : "Done"}
          </Button>
          {result === null && (
            <Button
              variant={preview === null ? "filled" : "default"}
              disabled={!ready}
              loading={previewing}
              onClick={() => void runPreview(policy)}
              data-testid="import-preview"
            >
              {preview === null ? "Preview" : "Preview again"}
            </Button>
          )}
          {result === null && (
            <Button
              disabled={preview === null || preview.refusal !== null || previewing}
              loading={run.isPending && !previewing}
              onClick={() => void doImport()}
              data-testid="import-submit"
            >
              Import
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

/** The file's text, read in the page (the desktop's webview and browsers both have FileReader). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      resolve(typeof reader.result === "string" ? reader.result : "");
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error("the file could not be read"));
    };
    reader.readAsText(file);
  });
}

const count = new Intl.NumberFormat();

/** Entries checked against what is stored, then changes written (the host tells about a hundred times a stage). */
function ImportProgressBar({ progress }: { progress: ImportProgress }) {
  const percent = progress.total === 0 ? 100 : Math.round((100 * progress.done) / progress.total);
  const label =
    progress.stage === "checking"
      ? `Checking ${count.format(progress.done)} of ${count.format(progress.total)} entries`
      : `Writing ${count.format(progress.done)} of ${count.format(progress.total)} changes`;
  return (
    <Stack gap={4} data-testid="import-progress">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Progress value={percent} aria-label={label} size="sm" animated />
    </Stack>
  );
}
