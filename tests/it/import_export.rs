use crate::support::{open, reveal, set};
use keystead::ErrorCode;
use keystead::api::Keystead;
use keystead::api::dto::{ConflictPolicy, ImportAction, ImportFormat, ImportRequest};

fn request(
    namespace: &str,
    format: ImportFormat,
    content: &str,
    on_conflict: ConflictPolicy,
    dry_run: bool,
) -> ImportRequest {
    ImportRequest {
        tenant: "main".into(),
        namespace: namespace.into(),
        format,
        content: content.into(),
        on_conflict,
        dry_run,
    }
}

async fn keys(k: &Keystead, ns: &str) -> Vec<String> {
    k.secret_list(&crate::support::admin(), "main", ns, false)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.meta.key)
        .collect()
}

#[tokio::test]
async fn kestra_file_round_trips_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    // As produced by Kestra's docs: `echo -n "$value" | base64` per line, sorted by key here.
    let file = "SECRET_API_TOKEN=dG9rZW4tMTIz\nSECRET_DB_PASSWORD=cEBzcz13MHJkIQ==\nSECRET_MULTILINE=bGluZSAxCmxpbmUgMgo=\nSECRET_UNICODE=w6lww6ggbWFzcXXDqQ==\n";
    let report = k
        .secret_import(
            &crate::support::admin(),
            request(
                "kestra",
                ImportFormat::KestraEnv,
                file,
                ConflictPolicy::Fail,
                false,
            ),
        )
        .await
        .unwrap();
    assert_eq!(report.created, 4);
    assert_eq!(reveal(&k, "kestra", "DB_PASSWORD").await, "p@ss=w0rd!");
    assert_eq!(reveal(&k, "kestra", "MULTILINE").await, "line 1\nline 2\n");
    let exported = k
        .secret_export(&crate::support::admin(), "main", "kestra")
        .await
        .unwrap();
    assert_eq!(exported, file);
    // Importing the same file again changes nothing.
    let again = k
        .secret_import(
            &crate::support::admin(),
            request(
                "kestra",
                ImportFormat::KestraEnv,
                file,
                ConflictPolicy::Fail,
                false,
            ),
        )
        .await
        .unwrap();
    assert_eq!(again.unchanged, 4);
    let versions = k
        .secret_versions(&crate::support::admin(), "main", "kestra", "API_TOKEN")
        .await
        .unwrap();
    assert_eq!(versions.len(), 1);
}

#[tokio::test]
async fn dry_run_previews_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "app", "EXISTING", "old").await.unwrap();
    let content = "EXISTING=new\nFRESH=1\n";
    let report = k
        .secret_import(
            &crate::support::admin(),
            request(
                "app",
                ImportFormat::Env,
                content,
                ConflictPolicy::Overwrite,
                true,
            ),
        )
        .await
        .unwrap();
    let plan: Vec<_> = report
        .items
        .iter()
        .map(|i| (i.key.as_str(), i.action))
        .collect();
    assert_eq!(
        plan,
        [
            ("EXISTING", ImportAction::Overwrite),
            ("FRESH", ImportAction::Create)
        ]
    );
    assert!(report.dry_run);
    assert_eq!(keys(&k, "app").await, ["EXISTING"]);
    assert_eq!(reveal(&k, "app", "EXISTING").await, "old");
}

#[tokio::test]
async fn conflict_policies_skip_overwrite_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "app", "A", "old").await.unwrap();
    let content = "A=new\nB=b\n";

    let fail = k
        .secret_import(
            &crate::support::admin(),
            request(
                "app",
                ImportFormat::Env,
                content,
                ConflictPolicy::Fail,
                false,
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(fail.code(), ErrorCode::Conflict);
    assert!(fail.to_string().contains("nothing was written") && fail.to_string().contains('A'));
    assert_eq!(keys(&k, "app").await, ["A"], "B must not be half-imported");

    let skip = k
        .secret_import(
            &crate::support::admin(),
            request(
                "app",
                ImportFormat::Env,
                content,
                ConflictPolicy::Skip,
                false,
            ),
        )
        .await
        .unwrap();
    assert_eq!((skip.created, skip.skipped), (1, 1));
    assert_eq!(reveal(&k, "app", "A").await, "old");

    let overwrite = k
        .secret_import(
            &crate::support::admin(),
            request(
                "app",
                ImportFormat::Env,
                content,
                ConflictPolicy::Overwrite,
                false,
            ),
        )
        .await
        .unwrap();
    assert_eq!((overwrite.overwritten, overwrite.unchanged), (1, 1));
    assert_eq!(reveal(&k, "app", "A").await, "new");
}

#[tokio::test]
async fn malformed_env_lines_abort_the_whole_import() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    for (content, expected) in [
        ("GOOD=1\nthis line is wrong\n", "line 2: expected KEY=value"),
        (
            "GOOD=1\nBAD-NAME=2\n",
            "line 2: invalid secret key \"BAD-NAME\"",
        ),
        ("GOOD=1\nEMPTY=\n", "EMPTY: the secret value is empty"),
        (
            "GOOD=\"never closed\n",
            "line 1: the double-quoted value is never closed",
        ),
    ] {
        let err = k
            .secret_import(
                &crate::support::admin(),
                request(
                    "app",
                    ImportFormat::Env,
                    content,
                    ConflictPolicy::Fail,
                    false,
                ),
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().contains(expected), "{content:?}: {err}");
        assert!(err.to_string().contains("nothing was imported"), "{err}");
    }
    assert!(keys(&k, "app").await.is_empty());
    let kestra = k
        .secret_import(
            &crate::support::admin(),
            request(
                "app",
                ImportFormat::KestraEnv,
                "API=aGk=\n",
                ConflictPolicy::Fail,
                false,
            ),
        )
        .await
        .unwrap_err();
    assert!(kestra.to_string().contains("SECRET_"), "{kestra}");
}

#[tokio::test]
async fn a_byte_order_mark_is_not_part_of_the_first_key_and_repeated_keys_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let report = k
        .secret_import(
            &crate::support::admin(),
            request(
                "app",
                ImportFormat::Env,
                "\u{feff}FIRST=1\nDUP=a\nOTHER=x\nDUP=b\nDUP=c\n",
                ConflictPolicy::Fail,
                false,
            ),
        )
        .await
        .unwrap();
    assert_eq!(report.created, 3);
    assert_eq!(report.repeated, ["DUP"]);
    assert_eq!(keys(&k, "app").await, ["DUP", "FIRST", "OTHER"]);
    assert_eq!(reveal(&k, "app", "DUP").await, "c", "the last value wins");
}

#[tokio::test]
async fn previews_and_refused_imports_are_audited_because_they_compare_values() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "app", "A", "old").await.unwrap();
    let guess = |dry_run: bool, policy: ConflictPolicy| {
        request("app", ImportFormat::Env, "A=guess\n", policy, dry_run)
    };
    k.secret_import(
        &crate::support::admin(),
        guess(true, ConflictPolicy::Overwrite),
    )
    .await
    .unwrap();
    let refused = k
        .secret_import(&crate::support::admin(), guess(false, ConflictPolicy::Fail))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), keystead::ErrorCode::Conflict);
    let events = k
        .audit_list(
            &crate::support::admin(),
            keystead::api::dto::AuditFilter {
                tenant: "main".into(),
                namespace: Some("app".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let actions: Vec<_> = events.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"secret.import_preview"), "{actions:?}");
    assert!(actions.contains(&"secret.import_refused"), "{actions:?}");
    assert!(events.iter().all(|e| !e.detail.contains("guess")));
    assert_eq!(reveal(&k, "app", "A").await, "old", "nothing was written");
}

#[tokio::test]
async fn a_large_import_reports_its_progress_checked_then_written() {
    use keystead::api::dto::{ImportProgress, ImportProgressStage};
    use std::sync::Mutex;

    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "big", "KEY_0007", "already here").await.unwrap();
    let file: String = (0..250)
        .map(|i| format!("KEY_{i:04}=value-{i}\n"))
        .collect();
    let heard: Mutex<Vec<ImportProgress>> = Mutex::default();
    let report = k
        .secret_import_with_progress(
            &crate::support::admin(),
            request("big", ImportFormat::Env, &file, ConflictPolicy::Skip, false),
            &|step| heard.lock().unwrap().push(step),
        )
        .await
        .unwrap();
    assert_eq!((report.created, report.skipped), (249, 1));
    let heard = heard.into_inner().unwrap();
    let (checking, writing): (Vec<&ImportProgress>, Vec<&ImportProgress>) = heard
        .iter()
        .partition(|step| step.stage == ImportProgressStage::Checking);
    // Every stage is told in about a hundred steps that only go forward, and ends at its total.
    assert!(heard.first().unwrap().stage == ImportProgressStage::Checking);
    assert!(checking.iter().all(|step| step.total == 250));
    assert!(writing.iter().all(|step| step.total == 249));
    for stage in [&checking, &writing] {
        assert!((50..=130).contains(&stage.len()), "{} steps", stage.len());
        assert!(stage.windows(2).all(|pair| pair[0].done < pair[1].done));
        assert_eq!(stage.last().unwrap().done, stage.last().unwrap().total);
    }
    assert_eq!(keys(&k, "big").await.len(), 250);

    // A dry run checks and writes nothing.
    let heard: Mutex<Vec<ImportProgress>> = Mutex::default();
    k.secret_import_with_progress(
        &crate::support::admin(),
        request("dry", ImportFormat::Env, &file, ConflictPolicy::Fail, true),
        &|step| heard.lock().unwrap().push(step),
    )
    .await
    .unwrap();
    let heard = heard.into_inner().unwrap();
    assert!(
        heard
            .iter()
            .all(|step| step.stage == ImportProgressStage::Checking)
    );
    assert_eq!(heard.last().map(|step| step.done), Some(250));
}
