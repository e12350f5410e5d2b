//! `keystead credential test`: one credential's Test, or every credential a namespace sees, and
//! how a Test's report is printed.

use crate::backend::Backend;
use crate::commands::Ctx;
use crate::output::json;
use keystead::api::Result;
use keystead::api::dto::{CredentialDto, CredentialListRequest, CredentialOrder, TestResult};

/// Exit code of a finished Test: 0 when a token was retrieved (or a static credential validated).
fn exit_code(result: &TestResult) -> u8 {
    if result.ok { 0 } else { 1 }
}

/// `credential test NAME`: the report, or the result as JSON; exit 0 when it passed, else 1.
pub async fn one(ctx: &Ctx<'_, impl Backend>, namespace: Option<&str>, name: &str) -> Result<u8> {
    let result = ctx.api.credential_test(ctx.tenant, namespace, name).await?;
    if ctx.json {
        json(&result)?;
    } else {
        print_test(&result);
    }
    Ok(exit_code(&result))
}

/// One credential's outcome in `credential test --all --json`: its result, or why it could not be tested.
#[derive(serde::Serialize)]
struct TestAllEntry<'a> {
    namespace: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<TestResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Tests in flight at once in `credential test --all`, as in the app's Test all: enough to finish a
/// namespace quickly, few enough not to flood one token server.
const CONCURRENCY: usize = 4;

/// `credential test --all`: every credential, [`CONCURRENCY`] at a time (a Test is bounded by the
/// credential's own timeout; a slow one holds only its own place), each printed in name order as
/// soon as it and those before it have finished, then how many passed. Exit 0 when every one
/// passed, else 1.
pub async fn all(ctx: &Ctx<'_, impl Backend>, namespace: Option<&str>) -> Result<u8> {
    use futures_util::StreamExt;

    let tenant = ctx.tenant;
    let credentials = ctx
        .api
        .credential_list(CredentialListRequest {
            tenant: tenant.to_owned(),
            namespace: namespace.map(str::to_owned),
            effective: namespace.is_some(),
            type_id: None,
            order_by: Some(CredentialOrder::Name),
        })
        .await?;
    let started = std::time::Instant::now();
    let mut entries = Vec::with_capacity(credentials.len());
    let mut passed = 0usize;
    // From a namespace, a Test resolves names and secret references there, as the app's Test all
    // does; the tenant-wide run tests each credential where it is defined.
    let mut outcomes = futures_util::stream::iter(credentials.iter().enumerate())
        .map(|(index, credential)| async move {
            let at = namespace.or(credential.namespace.as_deref());
            (
                index,
                ctx.api.credential_test(tenant, at, &credential.name).await,
            )
        })
        .buffer_unordered(CONCURRENCY);
    // Finished out of order, reported in order: each waits here until those before it are done.
    let mut finished: Vec<Option<Result<TestResult>>> = std::iter::repeat_with(|| None)
        .take(credentials.len())
        .collect();
    while let Some((index, outcome)) = outcomes.next().await {
        finished[index] = Some(outcome);
        while let Some(Some(outcome)) = finished.get_mut(entries.len()).map(Option::take) {
            let entry = report(ctx.json, &credentials[entries.len()], outcome);
            passed += usize::from(entry.result.as_ref().is_some_and(|r| r.ok));
            entries.push(entry);
        }
    }
    let failed = credentials.len() - passed;
    if ctx.json {
        json(&entries)?;
    } else {
        let place =
            namespace.map_or_else(|| "the tenant".to_owned(), |ns| format!("namespace {ns}"));
        crate::out!(
            "{passed} of {} credentials in {place} passed, {failed} failed ({} ms)",
            credentials.len(),
            started.elapsed().as_millis()
        );
    }
    Ok(if failed == 0 { 0 } else { 1 })
}

/// One credential's outcome in `--all`: printed unless `json`, and kept for the JSON list.
fn report(json: bool, credential: &CredentialDto, outcome: Result<TestResult>) -> TestAllEntry<'_> {
    let (result, error) = match outcome {
        Ok(result) => {
            if !json {
                print_test(&result);
            }
            (Some(result), None)
        }
        Err(e) => {
            let message = e.to_string();
            if !json {
                crate::out!(
                    "FAILED: {}: {}",
                    credential.name,
                    crate::output::printable(&message)
                );
            }
            (None, Some(message))
        }
    };
    TestAllEntry {
        namespace: credential.namespace.as_deref(),
        name: &credential.name,
        result,
        error,
    }
}

fn print_test(r: &TestResult) {
    let status = r
        .http_status
        .map(|s| format!("HTTP {s}, "))
        .unwrap_or_default();
    if r.ok {
        crate::out!(
            "ok: {} ({}) {status}{} ms",
            r.credential,
            r.credential_type,
            r.elapsed_ms
        );
        if let Some(preview) = &r.token_preview {
            crate::out!(
                "  token:     {preview} ({})",
                r.token_type.as_deref().unwrap_or("?")
            );
        }
        if let (Some(at), Some(secs)) = (&r.expires_at, r.expires_in) {
            crate::out!("  expires:   {at} (in {secs} s)");
        }
        if r.scope_requested.is_some() || r.scope_granted.is_some() {
            crate::out!(
                "  scope:     requested {:?}, granted {:?}",
                r.scope_requested.as_deref().unwrap_or(""),
                r.scope_granted.as_deref().unwrap_or("")
            );
        }
        if let Some(claims) = &r.claims {
            crate::out!("  claims:    {}", claims.payload);
        }
    } else {
        crate::out!(
            "FAILED: {} ({}): {} {status}{} ms",
            r.credential,
            r.credential_type,
            r.error.map_or("error", |code| code.as_str()),
            r.elapsed_ms
        );
        if let Some(description) = &r.error_description {
            crate::out!("  description: {}", crate::output::printable(description));
        }
        if let Some(uri) = &r.error_uri {
            crate::out!("  see:         {}", crate::output::printable(uri));
        }
    }
    if let Some(hint) = &r.hint {
        crate::out!("  hint:      {hint}");
    }
    for diagnosis in &r.diagnoses {
        crate::out!(
            "  diagnosis: {}",
            crate::output::printable(&diagnosis.finding)
        );
        for fact in &diagnosis.facts {
            crate::out!("    - {}", crate::output::printable(fact));
        }
        if let Some(fix) = &diagnosis.fix {
            crate::out!(
                "    fix: set {} to {:?} ({})",
                fix.input,
                crate::output::printable(&fix.value),
                crate::output::printable(&fix.label)
            );
        }
    }
    if let Some(request) = &r.request {
        crate::out!("  request:   {} {}", request.method, request.url);
        for (name, value) in &request.headers {
            crate::out!("    {name}: {value}");
        }
        for (name, value) in &request.body {
            crate::out!("    {name}={value}");
        }
    }
}
