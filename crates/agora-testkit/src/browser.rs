//! Headless Chromium through chromedriver (Debian's `chromium` and `chromium-driver`),
//! with axe-core injected to check each page against WCAG 2.1 A and AA.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use crate::{announce, required};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    axe: String,
    javascript: bool,
}

/// A Chrome DevTools command through chromedriver: how the tests switch page scripts
/// off (the no-JavaScript run) while still running axe-core themselves.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({"cmd": self.cmd, "params": self.params}).to_string()))
    }
}

fn axe_path() -> PathBuf {
    std::env::var("AGORA_AXE_PATH").map(PathBuf::from).unwrap_or_else(|_| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser/node_modules/axe-core/axe.min.js")
    })
}

impl Browser {
    /// None (with a SKIP line) when Chromium, chromedriver or axe-core is missing; a
    /// failure instead when `AGORA_REQUIRE_BROWSER=1`, as in CI.
    pub async fn start(javascript: bool) -> Option<Browser> {
        let axe = axe_path();
        let missing: Vec<String> = [PathBuf::from(CHROMIUM), PathBuf::from(CHROMEDRIVER), axe.clone()]
            .into_iter()
            .filter(|p| !p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !missing.is_empty() {
            assert!(!required("AGORA_REQUIRE_BROWSER"), "AGORA_REQUIRE_BROWSER=1 but missing: {missing:?}");
            let test = std::thread::current().name().unwrap_or("a browser test").to_owned();
            announce(&format!(
                "SKIP {test}: missing {missing:?}; run `apt-get install chromium chromium-driver` and `npm ci --prefix tests/browser`"
            ));
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--window-size=1280,900".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        });
        let capabilities = capabilities.as_object().cloned().unwrap_or_default();
        let mut last_error = String::new();
        for _ in 0..50 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => {
                    let axe = std::fs::read_to_string(&axe).expect("read axe-core");
                    let browser = Browser { client, driver, _profile: profile, axe, javascript };
                    browser.set_page_scripts(javascript).await;
                    return Some(browser);
                }
                Err(e) => {
                    last_error = e.to_string();
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        panic!("cannot start a browser session: {last_error}");
    }

    /// Page scripts on or off, for this tab and the pages it goes to next.
    async fn set_page_scripts(&self, enabled: bool) {
        let cmd = Cdp { cmd: "Emulation.setScriptExecutionDisabled", params: json!({"value": !enabled}) };
        self.client.issue_cmd(cmd).await.expect("switch page scripts");
    }

    /// The WCAG 2.1 A and AA violations axe-core finds on the current page. Without
    /// JavaScript, scripts are switched on just for axe: the page's own script has not
    /// run at load and does not run now.
    pub async fn accessibility_violations(&self) -> Vec<Value> {
        if !self.javascript {
            self.set_page_scripts(true).await;
        }
        let violations = self.run_axe().await;
        if !self.javascript {
            self.set_page_scripts(false).await;
        }
        violations
    }

    async fn run_axe(&self) -> Vec<Value> {
        self.client.execute(&self.axe, vec![]).await.expect("inject axe-core");
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
              .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))
              .catch(e => done([{id: 'axe-error', help: String(e)}]));
        "#;
        let result = self.client.execute_async(script, vec![]).await.expect("run axe-core");
        // Anything but a list means axe did not run: that is a failure, not a clean page.
        result
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("axe-core returned {result} instead of a list of violations"))
    }

    /// Fails the test when the current page has any WCAG 2.1 A or AA violation.
    pub async fn assert_accessible(&self) {
        let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        let violations = self.accessibility_violations().await;
        assert!(
            violations.is_empty(),
            "accessibility violations on {url}: {}",
            serde_json::to_string_pretty(&violations).unwrap_or_default()
        );
    }

    /// Resizes the window, as a phone (390) or a desktop (1280) would show the page.
    pub async fn set_width(&self, width: u32) {
        self.client.set_window_size(width, 900).await.expect("resize the window");
    }

    /// Whether the page is wider than the window (a long word, a wide table): on a
    /// phone, the reader would have to scroll sideways.
    pub async fn overflows_sideways(&self) -> bool {
        let script = "return document.documentElement.scrollWidth > window.innerWidth";
        self.client.execute(script, vec![]).await.expect("measure the page").as_bool().unwrap_or(true)
    }

    /// With `AGORA_SCREENSHOTS=<dir>`, saves the page as `<dir>/<name>.png`, for a
    /// person to look at; does nothing otherwise.
    pub async fn screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("AGORA_SCREENSHOTS") {
            let png = self.client.screenshot().await.expect("take a screenshot");
            std::fs::create_dir_all(&dir).expect("screenshot folder");
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).expect("save the screenshot");
        }
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
