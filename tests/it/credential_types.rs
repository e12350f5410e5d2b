//! Custom credential types: update and delete through the api, HTTP and the CLI, and the rule that
//! neither may leave saved credentials of the type behind.

use crate::http_api::serve;
use crate::support::{Cli, admin, open};
use keystead::ErrorCode;
use keystead::api::Keystead;
use keystead::api::dto::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn input(id: &str, required: bool, secret: bool) -> InputField {
    serde_json::from_value(json!({"id": id, "label": id.replace('_', " "),
                                  "required": required, "secret": secret}))
    .unwrap()
}

fn approle(inputs: Vec<InputField>) -> CustomTypeDefinition {
    CustomTypeDefinition {
        id: "vault_approle".into(),
        label: "Vault AppRole".into(),
        description: "Role and secret id".into(),
        inputs,
    }
}

fn credential(namespace: Option<&str>, name: &str, inputs: Value) -> CredentialDefinition {
    CredentialDefinition {
        namespace: namespace.map(str::to_owned),
        name: name.into(),
        type_id: "vault_approle".into(),
        description: String::new(),
        inputs: inputs.as_object().unwrap().clone(),
        settings: Default::default(),
    }
}

/// The type with `role_id` (required) and `secret_id` (sensitive), and two credentials of it.
async fn type_in_use(k: &Keystead) {
    k.credential_type_create(
        &admin(),
        "main",
        approle(vec![
            input("role_id", true, false),
            input("secret_id", false, true),
        ]),
    )
    .await
    .unwrap();
    let with_secret = json!({"role_id": "r-1", "secret_id": "{{ secret('APPROLE') }}"});
    k.credential_apply(
        &admin(),
        "main",
        credential(Some("ops.eu"), "deploy", with_secret),
    )
    .await
    .unwrap();
    k.credential_apply(
        &admin(),
        "main",
        credential(None, "shared", json!({"role_id": "r-2"})),
    )
    .await
    .unwrap();
}

async fn audited(k: &Keystead, action: &str) -> Vec<AuditEventDto> {
    k.audit_list(
        &admin(),
        AuditFilter {
            tenant: "main".into(),
            action: Some(action.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_custom_type_is_updated_and_deleted_each_with_its_audit_event() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let created = approle(vec![
        input("role_id", true, false),
        input("unused", false, false),
    ]);
    k.credential_type_create(&admin(), "main", created)
        .await
        .unwrap();

    let mut next = approle(vec![
        input("mount", false, false),
        input("role_id", true, false),
    ]);
    next.label = "HashiCorp Vault AppRole".into();
    next.inputs[1].help = "From `vault read auth/approle/role/NAME/role-id`.".into();
    let updated = k
        .credential_type_update(&admin(), "main", "vault_approle", next)
        .await
        .unwrap();
    assert_eq!(updated.label, "HashiCorp Vault AppRole");
    let shown = k
        .credential_type(&admin(), "main", "vault_approle")
        .await
        .unwrap();
    let ids: Vec<_> = shown.inputs.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["mount", "role_id"], "order and inputs as given");
    assert!(!shown.managed);
    let events = audited(&k, "credential_type.update").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].target, "vault_approle");
    assert_eq!(
        events[0].detail,
        "inputs added mount; inputs removed unused"
    );

    k.credential_type_delete(&admin(), "main", "vault_approle")
        .await
        .unwrap();
    let gone = k
        .credential_type(&admin(), "main", "vault_approle")
        .await
        .unwrap_err();
    assert_eq!(gone.code(), ErrorCode::NotFound);
    assert_eq!(audited(&k, "credential_type.delete").await.len(), 1);
    let again = k
        .credential_type_delete(&admin(), "main", "vault_approle")
        .await
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::NotFound, "{again}");
}

#[tokio::test]
async fn built_in_types_are_neither_changed_nor_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let mut def = approle(vec![input("x", false, false)]);
    def.id = "aws".into();
    let update = k
        .credential_type_update(&admin(), "main", "aws", def)
        .await
        .unwrap_err();
    let delete = k
        .credential_type_delete(&admin(), "main", "aws")
        .await
        .unwrap_err();
    for err in [update, delete] {
        assert_eq!(err.code(), ErrorCode::Conflict);
        assert!(
            err.to_string()
                .contains("aws is a built-in (managed) credential type"),
            "{err}"
        );
    }
    let aws = k.credential_type(&admin(), "main", "aws").await.unwrap();
    assert!(aws.managed && aws.inputs.iter().any(|f| f.id == "secret_key"));
}

#[tokio::test]
async fn an_update_cannot_change_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.credential_type_create(
        &admin(),
        "main",
        approle(vec![input("role_id", true, false)]),
    )
    .await
    .unwrap();
    let mut renamed = approle(vec![input("role_id", true, false)]);
    renamed.id = "approle2".into();
    let err = k
        .credential_type_update(&admin(), "main", "vault_approle", renamed)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        err.to_string()
            .contains("cannot change (from vault_approle to approle2)"),
        "{err}"
    );
    let missing = k
        .credential_type_update(&admin(), "main", "nope", {
            let mut d = approle(vec![input("a", false, false)]);
            d.id = "nope".into();
            d
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn an_update_that_would_strand_credentials_is_refused_and_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    type_in_use(&k).await;

    // Renaming an input both credentials use.
    let renamed = approle(vec![
        input("role", true, false),
        input("secret_id", false, true),
    ]);
    let err = k
        .credential_type_update(&admin(), "main", "vault_approle", renamed)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let message = err.to_string();
    for expected in [
        "credential type vault_approle was not changed",
        "ops.eu/deploy: has a value for role_id, an input this change removes or renames",
        "shared (tenant level): has a value for role_id",
        "shared (tenant level): inputs.role: required (role)",
    ] {
        assert!(
            message.contains(expected),
            "missing {expected:?} in {message}"
        );
    }

    // Requiring an input one credential lacks; turning a used sensitive input into plain text.
    let required = approle(vec![
        input("role_id", true, false),
        input("secret_id", true, true),
    ]);
    let err = k
        .credential_type_update(&admin(), "main", "vault_approle", required)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("shared (tenant level): inputs.secret_id: required"),
        "{err}"
    );
    assert!(
        !err.contains("ops.eu/deploy"),
        "deploy has a secret_id: {err}"
    );
    let plain = approle(vec![
        input("role_id", true, false),
        input("secret_id", false, false),
    ]);
    let err = k
        .credential_type_update(&admin(), "main", "vault_approle", plain)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "ops.eu/deploy: has a value for secret_id, which this change turns from sensitive"
        ),
        "{err}"
    );

    // Nothing was written by the refusals.
    let shown = k
        .credential_type(&admin(), "main", "vault_approle")
        .await
        .unwrap();
    assert_eq!(shown.inputs.len(), 2);
    assert!(shown.inputs[1].secret && !shown.inputs[1].required);
    assert!(audited(&k, "credential_type.update").await.is_empty());

    // A new optional input is fine, and the credentials still save.
    let grown = approle(vec![
        input("role_id", true, false),
        input("secret_id", false, true),
        input("mount", false, false),
    ]);
    k.credential_type_update(&admin(), "main", "vault_approle", grown)
        .await
        .unwrap();
    k.credential_apply(
        &admin(),
        "main",
        credential(
            None,
            "shared",
            json!({"role_id": "r-3", "mount": "approle"}),
        ),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_type_in_use_is_not_deleted_and_its_credentials_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    type_in_use(&k).await;
    let err = k
        .credential_type_delete(&admin(), "main", "vault_approle")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let message = err.to_string();
    assert!(
        message.contains("is used by 2 credential(s)")
            && message.contains("ops.eu/deploy")
            && message.contains("shared (tenant level)"),
        "{message}"
    );
    assert!(audited(&k, "credential_type.delete").await.is_empty());

    k.credential_delete(&admin(), "main", Some("ops.eu"), "deploy")
        .await
        .unwrap();
    k.credential_delete(&admin(), "main", None, "shared")
        .await
        .unwrap();
    k.credential_type_delete(&admin(), "main", "vault_approle")
        .await
        .unwrap();
    let orphan = k
        .credential_apply(
            &admin(),
            "main",
            credential(Some("ops"), "late", json!({"role_id": "r"})),
        )
        .await
        .unwrap_err();
    assert_eq!(orphan.code(), ErrorCode::InvalidInput, "{orphan}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_updates_and_deletes_custom_types_for_tenant_admins_only() {
    let s = serve().await;
    type_in_use(&s.k).await;
    let admin_token = s.account("types-admin", Role::Admin, None).await;
    let ns_admin = s.account("ns-admin", Role::Admin, Some("ops")).await;
    let path = "/api/v1/main/credential-types/vault_approle";
    let grown = serde_json::to_value(approle(vec![
        input("role_id", true, false),
        input("secret_id", false, true),
        input("mount", false, false),
    ]))
    .unwrap();

    let (status, _, body) = s
        .call(Method::PUT, path, Some(&ns_admin), Some(grown.clone()))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _, body) = s
        .call(Method::PUT, path, Some(&admin_token), Some(grown))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["inputs"][2]["id"], "mount");

    let (status, _, body) = s.call(Method::DELETE, path, Some(&admin_token), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "conflict");
    assert!(
        body["message"].as_str().unwrap().contains("ops.eu/deploy"),
        "{body}"
    );

    let (status, _, body) = s
        .call(
            Method::DELETE,
            "/api/v1/main/credential-types/aws",
            Some(&admin_token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    for (ns, name) in [(Some("ops.eu"), "deploy"), (None, "shared")] {
        s.k.credential_delete(&admin(), "main", ns, name)
            .await
            .unwrap();
    }
    let (status, _, _) = s.call(Method::DELETE, path, Some(&admin_token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s.get(path, &admin_token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_updates_and_deletes_types_locally_and_against_a_server() {
    let dir = tempfile::tempdir().unwrap();
    let local = Cli::new(dir.path());
    let s = serve().await;
    let token = s.account("root", Role::Admin, None).await;
    let remote = Cli::remote(&s.base, &token);
    let first = r#"{"id": "deploy_target", "label": "Deploy target",
                    "inputs": [{"id": "host", "label": "Host", "required": true}]}"#;
    let second = "id: deploy_target\nlabel: Deploy target v2\ninputs:\n  - id: host\n    label: Host\n    \
                  required: true\n  - id: port\n    label: Port\n    type: integer\n";
    for cli in [&local, &remote] {
        cli.ok(
            &["credential", "types", "create", "-f", "-"],
            first.as_bytes(),
        );
        let out = cli.ok(
            &["credential", "types", "update", "deploy_target", "-f", "-"],
            second.as_bytes(),
        );
        assert_eq!(out, "updated credential type deploy_target\n");
        let shown: Value =
            serde_json::from_str(&cli.ok(&["credential", "types", "show", "deploy_target"], b""))
                .unwrap();
        assert_eq!(shown["label"], "Deploy target v2");
        assert_eq!(shown["inputs"][1]["type"], "integer");

        let builtin = cli.run(
            &["--json", "credential", "types", "delete", "ssh_machine"],
            b"",
        );
        assert_eq!(
            builtin.status.code(),
            Some(1),
            "a refused operation, not a usage error"
        );
        // Logs go to stderr too: the error is the line that holds it.
        let stderr = String::from_utf8_lossy(&builtin.stderr);
        let line = stderr
            .lines()
            .find(|l| l.starts_with("{\"error\""))
            .unwrap();
        let error: Value = serde_json::from_str(line).unwrap();
        assert_eq!(error["error"]["code"], "conflict");
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap()
                .contains("built-in (managed)"),
            "{error}"
        );

        let deleted: Value = serde_json::from_str(&cli.ok(
            &["--json", "credential", "types", "delete", "deploy_target"],
            b"",
        ))
        .unwrap();
        assert_eq!(deleted, json!({"deleted": "deploy_target"}));
        let list = cli.ok(&["credential", "types", "list"], b"");
        assert!(
            !list.contains("deploy_target") && list.contains("ssh_machine"),
            "{list}"
        );
    }
}

#[tokio::test]
async fn a_default_must_be_a_value_its_input_takes() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let with = |field: Value| {
        let mut field: InputField = serde_json::from_value(field).unwrap();
        field.label = field.id.clone();
        approle(vec![field])
    };
    for (field, says) in [
        (
            json!({"id": "pw", "label": "", "secret": true, "default": "hunter2-literal"}),
            "secret reference",
        ),
        (
            json!({"id": "port", "label": "", "type": "integer", "default": "abc"}),
            "must be an integer",
        ),
        (
            json!({"id": "mode", "label": "", "choices": ["a", "b"], "default": "c"}),
            "is not one of a, b",
        ),
    ] {
        let err = k
            .credential_type_create(&admin(), "main", with(field.clone()))
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{field}: {err}");
        assert!(err.to_string().contains("the default"), "{err}");
        assert!(err.to_string().contains(says), "{field}: {err}");
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
    let fine = json!({"id": "pw", "label": "", "secret": true, "default": "{{ secret('PW') }}"});
    k.credential_type_create(&admin(), "main", with(fine))
        .await
        .unwrap();
}
