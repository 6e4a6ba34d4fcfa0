//! A real OpenID provider for the tests: `tests/oidc/provider.mjs` (panva's
//! oidc-provider on Node.js), started on a free port of 127.0.0.1 with one client and
//! the accounts a test names. It can forge its next ID token (bad signature, wrong
//! audience, nonce, issuer, expired) for the relying party's security tests.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::json;

use crate::{announce, required};

pub const CLIENT_ID: &str = "agora-test";
pub const CLIENT_SECRET: &str = "a client secret only the tests know";

/// Someone with an account at the provider: signs in there as `login`; their subject
/// is `sub-LOGIN`.
pub struct Person<'a> {
    pub login: &'a str,
    pub email: &'a str,
    pub email_verified: bool,
    pub name: &'a str,
}

pub struct OidcProvider {
    /// Its stdin stays open while it lives: the provider exits when it closes.
    child: Child,
    _config: tempfile::NamedTempFile,
    pub issuer: String,
}

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc")
}

impl OidcProvider {
    /// None (with a SKIP line) when Node.js or the provider's packages are missing; a
    /// failure instead when `AGORA_REQUIRE_OIDC=1`, as in CI.
    pub fn start(redirect_uris: &[String], people: &[Person<'_>]) -> Option<OidcProvider> {
        OidcProvider::start_with(redirect_uris, people, false)
    }

    /// With `claims_in_userinfo`, the ID token carries no address nor name: they come
    /// only from the userinfo endpoint (as FranceConnect's do).
    pub fn start_with(
        redirect_uris: &[String],
        people: &[Person<'_>],
        claims_in_userinfo: bool,
    ) -> Option<OidcProvider> {
        let installed = folder().join("node_modules/oidc-provider").is_dir();
        let node = Command::new("node").arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success());
        if !(installed && node) {
            assert!(
                !required("AGORA_REQUIRE_OIDC"),
                "AGORA_REQUIRE_OIDC=1 but Node.js or tests/oidc/node_modules is missing (npm ci --prefix tests/oidc)"
            );
            let test = std::thread::current().name().unwrap_or("a test").to_owned();
            announce(&format!("SKIP {test}: `npm ci --prefix tests/oidc` (with Node.js) to run it"));
            return None;
        }
        let accounts: serde_json::Map<String, serde_json::Value> = people
            .iter()
            .map(|p| {
                (p.login.to_owned(), json!({"email": p.email, "email_verified": p.email_verified, "name": p.name}))
            })
            .collect();
        let config = json!({
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": redirect_uris,
            "accounts": accounts,
            "claims_in_userinfo": claims_in_userinfo,
        });
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), config.to_string()).unwrap();
        let mut child = Command::new("node")
            .arg(folder().join("provider.mjs"))
            .arg("--config")
            .arg(file.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the OpenID provider");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("the OpenID provider's first line");
        let port: u16 = line
            .trim()
            .strip_prefix("ready ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the OpenID provider did not start: {line:?}"));
        Some(OidcProvider { child, _config: file, issuer: format!("http://127.0.0.1:{port}") })
    }

    /// Agora's settings for this provider.
    pub fn settings(&self) -> agora_app::oidc::Settings {
        agora_app::oidc::Settings {
            issuer: self.issuer.clone(),
            client_id: CLIENT_ID.to_owned(),
            client_secret: CLIENT_SECRET.to_owned(),
            name: "Test City ID".to_owned(),
        }
    }

    /// The next ID token the provider issues is forged this way (`bad_signature`,
    /// `wrong_audience`, `wrong_nonce`, `wrong_issuer`, `expired`).
    pub async fn forge(&self, mode: &str) {
        let response = reqwest::Client::new()
            .post(format!("{}/test/forge", self.issuer))
            .header("content-type", "application/json")
            .body(json!({ "mode": mode }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 204, "forge {mode}");
    }

    /// A browser of one's own at the provider (its cookies are the provider's session).
    pub fn browser(&self) -> ProviderBrowser {
        let client =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        ProviderBrowser { client, issuer: self.issuer.clone() }
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct ProviderBrowser {
    client: reqwest::Client,
    issuer: String,
}

impl ProviderBrowser {
    /// Opens the authorization URL Agora sent the person to, signs in there as `login`
    /// (when asked), and returns where the provider sends them back: Agora's callback
    /// URL with its query.
    pub async fn sign_in(&self, authorize_url: &str, login: &str) -> String {
        let mut url = reqwest::Url::parse(authorize_url).unwrap();
        for _ in 0..10 {
            let response = self.client.get(url.clone()).send().await.unwrap();
            let response = if response.status().is_success() {
                // The provider's sign-in form: its action is this page's URL + `/login`.
                let action = format!("{}/login", url.as_str().trim_end_matches('/'));
                self.client.post(action).form(&[("login", login)]).send().await.unwrap()
            } else {
                response
            };
            assert!(response.status().is_redirection(), "the provider answered {}", response.status());
            let location = response.headers()["location"].to_str().unwrap().to_owned();
            let next = url.join(&location).unwrap();
            if !next.as_str().starts_with(&self.issuer) {
                return next.to_string();
            }
            url = next;
        }
        panic!("the provider kept redirecting");
    }
}
