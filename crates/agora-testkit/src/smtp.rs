//! A real SMTP server for the tests: `tests/smtp/server.py` (Python's aiosmtpd), started
//! on a free port of 127.0.0.1. Each delivered message is kept as sent and as Python's
//! e-mail package parses it, which the tests read and whose links they follow.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::{announce, required};

pub struct SmtpServer {
    child: Child,
    folder: tempfile::TempDir,
    pub port: u16,
}

/// What the server was asked to do besides accepting mail.
#[derive(Default)]
pub struct Options<'a> {
    /// Require AUTH with this user and password.
    pub login: Option<(&'a str, &'a str)>,
    /// Answer the first messages with a temporary failure (451).
    pub fail_first: u32,
}

/// A delivered message, as a mail client would read it.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub rcpt_tos: Vec<String>,
    pub headers: serde_json::Map<String, Value>,
    pub text: String,
    pub html: String,
}

impl Delivered {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.as_str())
    }

    pub fn subject(&self) -> &str {
        self.header("Subject").unwrap_or_default()
    }

    /// The first link of the plain text that leads to `path` on the site (with its query).
    pub fn link_to(&self, path: &str) -> Option<String> {
        self.text.split_whitespace().find(|word| word.starts_with("http") && word.contains(path)).map(str::to_owned)
    }
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/smtp/server.py")
}

impl SmtpServer {
    /// None (with a SKIP line) when Python or aiosmtpd is missing; a failure instead
    /// when `AGORA_REQUIRE_SMTP=1`, as in CI.
    pub fn start(options: Options<'_>) -> Option<SmtpServer> {
        let available = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !available {
            assert!(!required("AGORA_REQUIRE_SMTP"), "AGORA_REQUIRE_SMTP=1 but python3 cannot import aiosmtpd");
            let test = std::thread::current().name().unwrap_or("a test").to_owned();
            announce(&format!("SKIP {test}: `pip install aiosmtpd` (or apt-get install python3-aiosmtpd) to run it"));
            return None;
        }
        let folder = tempfile::tempdir().unwrap();
        let mut command = Command::new("python3");
        command
            .arg(script())
            .arg("--folder")
            .arg(folder.path())
            .arg("--fail-first")
            .arg(options.fail_first.to_string());
        if let Some((user, password)) = options.login {
            command.args(["--user", user, "--password", password]);
        }
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().expect("start the SMTP server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("the SMTP server's first line");
        let port = line.trim().strip_prefix("ready ").and_then(|p| p.parse().ok());
        let port = port.unwrap_or_else(|| panic!("the SMTP server did not start: {line:?}"));
        Some(SmtpServer { child, folder, port })
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message delivered so far, oldest first.
    pub fn delivered(&self) -> Vec<Delivered> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.folder.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| {
                let json: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
                Delivered {
                    rcpt_tos: json["rcpt_tos"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap().to_owned())
                        .collect(),
                    headers: json["headers"].as_object().unwrap().clone(),
                    text: json["text"].as_str().unwrap_or_default().to_owned(),
                    html: json["html"].as_str().unwrap_or_default().to_owned(),
                }
            })
            .collect()
    }

    /// Waits (up to 10 s) until `count` messages have arrived; all of them.
    pub async fn wait_for(&self, count: usize) -> Vec<Delivered> {
        for _ in 0..100 {
            let delivered = self.delivered();
            if delivered.len() >= count {
                return delivered;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{count} message(s) expected, {} arrived", self.delivered().len());
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
