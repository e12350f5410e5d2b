use super::dto::{CredentialDefinition, Discovery, TestResult, TokenDto};
use super::{Caller, Keystead, parse_scope};
use crate::Result;
use crate::access::Role;
use crate::model::CredentialName;
use secrecy::ExposeSecret;

impl Keystead {
    /// RFC 8414 / OIDC discovery for the credential form: fills the token URL and tells which client
    /// authentication methods and signing algorithms the server supports.
    /// Needs admin somewhere in the tenant: it sends a request to any URL given.
    pub async fn credential_discover(
        &self,
        caller: &Caller,
        tenant: &str,
        issuer: &str,
    ) -> Result<Discovery> {
        let tenant = self.tenant(caller, tenant).await?;
        self.authorize_anywhere(caller, &tenant, Role::Admin, "credential.discover")
            .await?;
        self.credential_use(caller).discover(issuer).await
    }

    /// Test of a saved credential as seen from `namespace`: a live token retrieval (or validation
    /// for static types).
    pub async fn credential_test(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<TestResult> {
        let tenant = self.tenant(caller, tenant).await?;
        let from = parse_scope(namespace)?;
        let name = CredentialName::parse(name)?;
        self.authorize(caller, &tenant, Role::Use, &from, "credential.test")
            .await?;
        self.credential_use(caller)
            .test_saved(&tenant, &from, &name)
            .await
    }

    /// Test of an unsaved definition (the form's Test button). Validates, then tests live.
    pub async fn credential_test_definition(
        &self,
        caller: &Caller,
        tenant: &str,
        def: CredentialDefinition,
    ) -> Result<TestResult> {
        let tenant = self.tenant(caller, tenant).await?;
        let (scope, secrets) = self.credentials(caller).references(&tenant, &def).await?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &scope,
            "credential.test_definition",
        )
        .await?;
        // The Test sends the referenced values to the definition's URL, as a saved one would.
        let reach = self
            .authorize_references(caller, &tenant, &scope, secrets)
            .await?;
        self.credential_use(caller)
            .test_definition(&tenant, &def, &reach)
            .await
    }

    /// An access token for a job: cached while valid for longer than `refresh_before_expiry`,
    /// otherwise minted (one mint in flight per credential; concurrent callers share it).
    pub async fn credential_token(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<TokenDto> {
        let tenant = self.tenant(caller, tenant).await?;
        let from = parse_scope(namespace)?;
        let name = CredentialName::parse(name)?;
        self.authorize(caller, &tenant, Role::Use, &from, "credential.token")
            .await?;
        let token = self
            .credential_use(caller)
            .token(&tenant, &from, &name)
            .await?;
        Ok(TokenDto {
            access_token: token.access_token.expose_secret().to_owned(),
            token_type: token.token_type,
            expires_at: crate::time::format(token.expires_at),
        })
    }
}
