//! `keystead expiring`: what expires or needs attention soon in the tenant.

use crate::backend::Backend;
use crate::commands::Ctx;
use crate::output::{json, table};
use keystead::api::Result;
use keystead::api::dto::{ExpiringItem, ExpiringKind, ExpiringQuery};

#[derive(clap::Args)]
pub struct ExpiringArgs {
    /// ISO-8601 duration: list what is due within it from now (overdue items always show)
    #[arg(long, value_name = "DURATION", default_value = "P30D")]
    pub within: String,
    /// ISO-8601 duration: list secrets whose current value is (or gets) this old
    #[arg(long, value_name = "DURATION", default_value = "P90D")]
    pub secret_age: String,
}

/// "in 3d 4h" or "2h overdue", to the two largest units.
fn time_left(seconds: i64) -> String {
    let mut rest = seconds.unsigned_abs();
    let mut parts = Vec::new();
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if rest >= size && parts.len() < 2 {
            parts.push(format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    let span = if parts.is_empty() {
        "0s".to_owned()
    } else {
        parts.join(" ")
    };
    if seconds <= 0 {
        format!("{span} overdue")
    } else {
        format!("in {span}")
    }
}

fn kind(kind: ExpiringKind) -> &'static str {
    match kind {
        ExpiringKind::ApiToken => "api token",
        ExpiringKind::Kv => "kv",
        ExpiringKind::Secret => "secret",
        ExpiringKind::Credential => "credential",
    }
}

fn name(item: &ExpiringItem) -> String {
    match (&item.principal, &item.token_prefix) {
        (Some(principal), Some(prefix)) => format!("{} ({prefix}, {principal})", item.name),
        _ => item.name.clone(),
    }
}

pub async fn run(ctx: &Ctx<'_, impl Backend>, args: &ExpiringArgs) -> Result<u8> {
    let report = ctx
        .api
        .expiring(ExpiringQuery {
            tenant: ctx.tenant.to_owned(),
            within: Some(args.within.clone()),
            secret_age: Some(args.secret_age.clone()),
        })
        .await?;
    if ctx.json {
        return json(&report);
    }
    let rows: Vec<_> = report
        .items
        .iter()
        .map(|item| {
            let when = if item.kind == ExpiringKind::Credential {
                "tested".to_owned()
            } else {
                time_left(item.seconds_left)
            };
            vec![
                kind(item.kind).to_owned(),
                name(item),
                item.namespace.clone().unwrap_or_else(|| "(tenant)".into()),
                item.at.clone(),
                when,
                item.reason.clone(),
            ]
        })
        .collect();
    table(
        &["KIND", "NAME", "NAMESPACE", "WHEN", "LEFT", "REASON"],
        &rows,
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::time_left;

    #[test]
    fn time_left_reads_as_people_say_it() {
        assert_eq!(time_left(90_061), "in 1d 1h");
        assert_eq!(time_left(59), "in 59s");
        assert_eq!(time_left(-7_200), "2h overdue");
        assert_eq!(time_left(0), "0s overdue");
    }
}
