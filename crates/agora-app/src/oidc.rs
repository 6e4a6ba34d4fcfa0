//! Signing in with the city's OpenID Connect provider (Keycloak, Entra ID and
//! and the like): the authorization code flow with PKCE, a state bound to the browser by
//! a cookie, a nonce, and the ID token's signature, issuer, audience and expiry checked
//! against what the provider publishes. Which account the answer opens is a rule of the
//! core (`agora_core::sign_in`).

use std::time::{Duration, Instant};

use agora_core::sign_in::{self, Account, Claims, Holder};
use agora_core::{Code, Error, Id, MICROS_PER_SECOND, Micros};
use agora_db::users::NewAccount;
use agora_db::{Db, DbResult, Result, oidc};
use openidconnect::core::{
    CoreClient, CoreGenderClaim, CoreIdTokenClaims, CoreProviderMetadata, CoreResponseType, CoreUserInfoClaims,
};
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, LocalizedClaim, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RequestTokenError, Scope, StandardClaims, TokenResponse, UserInfoError, reqwest,
};
use tokio::sync::Mutex;

use crate::users::{MAX_NAME, PROVIDER_ONLY};

/// Where the provider sends people back (registered with the provider as
/// `{base URL}/auth/oidc/callback`).
pub const CALLBACK_PATH: &str = "/auth/oidc/callback";
/// How long a sign-in may stay at the provider.
const SIGN_IN_LIFETIME: Micros = 10 * 60 * MICROS_PER_SECOND;
/// How long the provider's published configuration and keys are trusted before they are
/// read again; an ID token that fails its checks also has them read again at the next
/// sign-in, so a provider's new signing key is followed at once.
const METADATA_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// One provider, from `AGORA_OIDC_ISSUER`, `AGORA_OIDC_CLIENT_ID`,
/// `AGORA_OIDC_CLIENT_SECRET` (and `AGORA_OIDC_NAME`, what the button says).
#[derive(Clone)]
pub struct Settings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub name: String,
}

type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

pub struct Provider {
    settings: Settings,
    issuer: IssuerUrl,
    redirect_url: RedirectUrl,
    http: reqwest::Client,
    metadata: Mutex<Option<(Instant, CoreProviderMetadata)>>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the client secret.
        f.debug_struct("Provider").field("issuer", &self.settings.issuer).field("name", &self.settings.name).finish()
    }
}

/// A sign-in sent to the provider: the browser goes to `url` and keeps `state` in a cookie.
pub struct Started {
    pub url: String,
    pub state: String,
}

/// What the provider sent back to the callback.
#[derive(Debug, Default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    /// The provider's refusal (`access_denied` when the person cancelled).
    pub error: Option<String>,
}

/// A finished sign-in: who, and where they were going.
#[derive(Debug)]
pub struct SignedIn {
    pub user_id: Id,
    pub next_path: String,
}

/// Who the provider says the person is (from the ID token, or its userinfo endpoint).
#[derive(Debug, Default)]
struct Person {
    email: Option<String>,
    email_verified: bool,
    name: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
}

fn text<T: std::ops::Deref<Target = String>>(claim: Option<&LocalizedClaim<T>>) -> Option<String> {
    claim.and_then(|c| c.get(None)).map(|t| t.as_str().to_owned())
}

/// The same claims, read from the ID token or from the userinfo answer (two types with
/// the same getters).
macro_rules! person_from {
    ($claims:ty) => {
        impl From<&$claims> for Person {
            fn from(c: &$claims) -> Person {
                Person {
                    email: c.email().map(|e| e.as_str().to_owned()),
                    email_verified: c.email_verified().unwrap_or(false),
                    name: text(c.name()),
                    given_name: text(c.given_name()),
                    family_name: text(c.family_name()),
                }
            }
        }
    };
}

person_from!(CoreIdTokenClaims);
person_from!(StandardClaims<CoreGenderClaim>);

impl Person {
    fn claims(&self) -> Claims<'_> {
        Claims {
            email: self.email.as_deref(),
            email_verified: self.email_verified,
            name: self.name.as_deref(),
            given_name: self.given_name.as_deref(),
            family_name: self.family_name.as_deref(),
        }
    }
}

fn refused(detail: impl std::fmt::Display) -> Error {
    tracing::warn!("OpenID sign-in refused: {detail}");
    Error { detail: Some(detail.to_string()), ..Error::new(Code::SignInFailed) }
}

fn unavailable(detail: impl std::fmt::Display) -> Error {
    tracing::warn!("OpenID provider unavailable: {detail}");
    Error { detail: Some(detail.to_string()), ..Error::new(Code::ProviderUnavailable) }
}

impl Provider {
    /// Checks the settings; the provider itself is asked only when someone signs in, so
    /// Agora starts even while the provider is down.
    pub fn new(settings: Settings, base_url: &str) -> std::result::Result<Provider, String> {
        let issuer = IssuerUrl::new(settings.issuer.clone()).map_err(|e| format!("AGORA_OIDC_ISSUER: {e}"))?;
        // The client secret and the tokens cross this connection: plain http only to
        // this machine (a provider run beside Agora, or in tests).
        let url = issuer.url();
        let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        if url.scheme() != "https" && !loopback {
            return Err("AGORA_OIDC_ISSUER must be an https:// address".to_owned());
        }
        let callback = format!("{}{CALLBACK_PATH}", base_url.trim_end_matches('/'));
        let redirect_url = RedirectUrl::new(callback).map_err(|e| format!("AGORA_BASE_URL: {e}"))?;
        let http = reqwest::ClientBuilder::new()
            // The provider's answers are read as they come: following a redirect would let
            // a provider's page send Agora's requests elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Provider { settings, issuer, redirect_url, http, metadata: Mutex::new(None) })
    }

    /// What the sign-in button names.
    pub fn name(&self) -> &str {
        &self.settings.name
    }

    async fn client(&self) -> Result<Client> {
        let cached = self.metadata.lock().await.clone();
        let metadata = match cached {
            Some((read_at, metadata)) if read_at.elapsed() < METADATA_LIFETIME => metadata,
            // Asked without holding the lock: while the provider is slow, sign-ins do not
            // queue behind one another.
            _ => {
                let metadata = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
                    .await
                    .map_err(|e| unavailable(format!("discovery: {e}")))?;
                *self.metadata.lock().await = Some((Instant::now(), metadata.clone()));
                metadata
            }
        };
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect_url.clone()))
    }

    /// Sends the person to the provider: a fresh state, nonce and PKCE verifier, kept
    /// until they come back to the callback.
    pub async fn start(&self, db: &Db, next_path: &str, now: Micros) -> Result<Started> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".to_owned()))
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = oidc::Pending {
            pkce_verifier: verifier.secret().clone(),
            nonce: nonce.secret().clone(),
            next_path: next_path.to_owned(),
        };
        oidc::begin(db, state.secret(), &pending, now, now + SIGN_IN_LIFETIME).await?;
        Ok(Started { url: url.to_string(), state: state.secret().clone() })
    }

    /// The person is back from the provider: the state must be the one this browser
    /// started with (its cookie), unused and recent; the code is exchanged with the PKCE
    /// verifier; the ID token must be signed by the provider, for this client, with this
    /// sign-in's nonce. Then the account is found, linked or made.
    pub async fn finish(
        &self,
        db: &Db,
        browser_state: Option<&str>,
        callback: Callback,
        locale: &str,
        now: Micros,
    ) -> Result<SignedIn> {
        let state = callback.state.as_deref().unwrap_or_default();
        let same_browser = browser_state.is_some_and(|b| agora_core::constant_time_eq(b.as_bytes(), state.as_bytes()));
        if state.is_empty() || !same_browser {
            return Err(refused("the state is not the one this browser started with"));
        }
        let Some(pending) = oidc::take(db, state, now).await? else {
            return Err(refused("unknown, used or expired state"));
        };
        if let Some(error) = callback.error {
            return Err(refused(format!("the provider answered {error:?}")));
        }
        let code = callback.code.filter(|c| !c.is_empty()).ok_or_else(|| refused("no code"))?;
        let client = self.client().await?;
        let exchange = client.exchange_code(AuthorizationCode::new(code)).map_err(refused)?;
        let tokens = exchange
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                RequestTokenError::Request(e) => unavailable(format!("token endpoint: {e}")),
                other => refused(format!("token endpoint: {other}")),
            })?;
        let id_token = tokens.id_token().ok_or_else(|| refused("no ID token"))?;
        let verified = match id_token.claims(&client.id_token_verifier(), &Nonce::new(pending.nonce)) {
            Ok(verified) => verified,
            Err(e) => {
                // Perhaps signed with a key published since: read the keys again next time.
                *self.metadata.lock().await = None;
                return Err(refused(format!("ID token: {e}")));
            }
        };
        let issuer = verified.issuer().as_str().to_owned();
        let subject = verified.subject().clone();
        let mut person = Person::from(verified);
        if person.email.is_none() {
            // Some providers (FranceConnect, say) tell who the person is only at their
            // userinfo endpoint, for the subject of the ID token.
            let request = client.user_info(tokens.access_token().clone(), Some(subject.clone())).map_err(refused)?;
            let info: CoreUserInfoClaims = request.request_async(&self.http).await.map_err(|e| match e {
                UserInfoError::Request(e) => unavailable(format!("userinfo: {e}")),
                other => refused(format!("userinfo: {other}")),
            })?;
            person = Person::from(info.standard_claims());
        }
        let claims = person.claims();
        let subject = subject.as_str();
        let user_id = account(db, &issuer, subject, &claims, locale, now).await?;
        Ok(SignedIn { user_id, next_path: pending.next_path })
    }
}

/// Why a sign-in looks for its account again.
const LINKED_MEANWHILE: &str = "the identity was linked meanwhile";

/// The account of a verified answer: linked already, linked now by its verified address,
/// or made. Blocked people are refused here as at the password form. Two sign-ins of one
/// new person at once (two tabs): the one that comes second finds what the first made
/// when it looks again.
async fn account(db: &Db, issuer: &str, subject: &str, claims: &Claims<'_>, locale: &str, now: Micros) -> Result<Id> {
    let first = account_once(db, issuer, subject, claims, locale, now).await;
    match first {
        Err(e) if e.code == Code::EmailTaken || e.detail.as_deref() == Some(LINKED_MEANWHILE) => {
            account_once(db, issuer, subject, claims, locale, now).await
        }
        other => other,
    }
}

async fn account_once(
    db: &Db,
    issuer: &str,
    subject: &str,
    claims: &Claims<'_>,
    locale: &str,
    now: Micros,
) -> Result<Id> {
    let linked = oidc::account_of(db, issuer, subject).await?;
    let holder = match (linked, claims.email) {
        (None, Some(email)) => crate::users::by_email(db, email)
            .await?
            .map(|u| Holder { id: u.id, confirmed: u.email_confirmed_at.is_some() }),
        _ => None,
    };
    let mut tx = db.begin().await?;
    let user_id = match sign_in::account_for(linked, claims, holder)? {
        Account::Linked(id) => id,
        Account::LinkByEmail { id, take_over } => {
            if !oidc::link(&mut tx, issuer, subject, id, now).await? {
                return Err(Error { detail: Some(LINKED_MEANWHILE.into()), ..Error::new(Code::SignInFailed) });
            }
            if take_over {
                // Whoever set this account's password never proved the address was theirs.
                agora_db::users::set_password(&mut tx, id, PROVIDER_ONLY, None).await?;
            }
            // The provider vouched for the address: it counts as confirmed here too.
            agora_db::users::confirm_email(&mut tx, id, claims.email.unwrap_or_default(), now).await?;
            id
        }
        Account::Create => {
            let account = NewAccount {
                email: claims.email.unwrap_or_default(),
                name: &sign_in::display_name(claims, MAX_NAME),
                password_hash: PROVIDER_ONLY,
                is_admin: false,
                confirmed: true,
                locale: Some(locale),
                // The sign-in button says that a first sign-in accepts them.
                terms_version: crate::legal::terms_version(db).await?,
            };
            let user = agora_db::users::insert_account(&mut tx, &account, now).await?;
            if !oidc::link(&mut tx, issuer, subject, user.id, now).await? {
                return Err(Error { detail: Some(LINKED_MEANWHILE.into()), ..Error::new(Code::SignInFailed) });
            }
            user.id
        }
    };
    let user = agora_db::users::by_id(&mut tx, user_id).await?.ok_or_else(|| refused("the account is gone"))?;
    if user.blocked_at.is_some() {
        return Err(Error::new(Code::AccountBlocked));
    }
    tx.commit().await.db()?;
    Ok(user_id)
}
