//! The real `agora` binary as an operator runs it: secrets kept out of output, the
//! server's memory under a burst of sign-ins, slow clients, and stopping.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::agora;

const PASSWORD: &str = "correct horse battery";

/// A database with one administrator, made by `agora admin create` reading the password
/// from standard input.
fn database_with_admin(dir: &std::path::Path) -> String {
    let url = format!("sqlite://{}", dir.join("agora.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(["--database-url", &url, "admin", "create", "--email", "admin@example.org", "--name", "Admin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success() && stdout.contains("administrator admin@example.org created"), "{stdout}");
    url
}

struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(url: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_agora"))
            .args(["--database-url", url, "serve", "--bind", &address, "--rate-limits", "off"])
            // Mails (written as files without SMTP) go with the test's temporary files.
            .env("AGORA_DATA_DIR", std::env::temp_dir().join(format!("agora-server-{port}")))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(&address).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, address }
    }

    fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with(field)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    fn terminate(&mut self) {
        Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request with a JSON body on a fresh connection, with a bearer token if
/// given; the status code, or None when the connection was closed without an answer.
fn send_json(address: &str, method: &str, path: &str, token: Option<&str>, body: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    let authorization = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\n{authorization}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.split_whitespace().nth(1)?.parse().ok()
}

fn sign_in(address: &str, password: &str) -> Option<u16> {
    send_json(
        address,
        "POST",
        "/api/v1/auth/token",
        None,
        &format!(r#"{{"email":"admin@example.org","password":"{password}"}}"#),
    )
}

#[test]
fn a_wrong_database_url_does_not_print_its_password() {
    let (ok, stdout, stderr) = agora(&["--database-url", "postgres://agora:s3cret-pass@127.0.0.1:1/agora", "migrate"]);
    assert!(!ok);
    assert!(!stdout.contains("s3cret-pass") && !stderr.contains("s3cret-pass"), "{stdout}{stderr}");
    assert!(stderr.contains("postgres://agora:***@127.0.0.1:1/agora"), "{stderr}");
    let (ok, _, stderr) = agora(&["--database-url", "mysql://root:hunter2@db/x", "migrate"]);
    assert!(!ok && !stderr.contains("hunter2"), "{stderr}");
}

/// Each password check takes about 19 MiB for a moment. Eighty at once took the server
/// to gigabytes that stayed; now they wait their turn in a bounded amount of memory.
#[test]
fn eighty_sign_ins_at_once_stay_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&database_with_admin(dir.path()));
    let burst = || {
        let threads: Vec<_> = (0..80)
            .map(|_| {
                let address = server.address.clone();
                std::thread::spawn(move || sign_in(&address, "wrong password"))
            })
            .collect();
        for thread in threads {
            assert_eq!(thread.join().unwrap(), Some(401));
        }
    };
    burst();
    let after_first = server.memory_kib("VmRSS:");
    burst();
    let peak = server.memory_kib("VmHWM:");
    assert!(peak < 200 * 1024, "peak memory {peak} KiB");
    assert!(server.memory_kib("VmRSS:") < after_first + 20 * 1024, "a second burst takes no more memory");
    assert_eq!(sign_in(&server.address, PASSWORD), Some(201), "the right password still works");
}

/// Connections that never finish their headers are closed; SIGTERM lets the requests
/// under way finish, refuses new ones and stops.
#[test]
fn slow_clients_are_cut_off_and_sigterm_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&database_with_admin(dir.path()));
    let started = Instant::now();
    let mut idle: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            stream
        })
        .collect();
    for stream in &mut idle {
        let mut buffer = [0u8; 64];
        // Closed by the server: end of stream (or a reset).
        assert!(matches!(stream.read(&mut buffer), Ok(0) | Err(_)));
    }
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(25), "closed after {waited:?}");
    // Sign-ins under way when SIGTERM arrives still get their answer.
    let in_flight: Vec<_> = (0..6)
        .map(|_| {
            let address = server.address.clone();
            std::thread::spawn(move || sign_in(&address, PASSWORD))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    server.terminate();
    for request in in_flight {
        assert_eq!(request.join().unwrap(), Some(201));
    }
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(stopping.elapsed() < Duration::from_secs(15), "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
    let mut stdout = String::new();
    server.child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    assert!(stdout.contains("Agora stopped"), "{stdout}");
    assert!(TcpStream::connect(&server.address).is_err(), "no new connections");
}

#[test]
fn recount_reports_what_it_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_with_admin(dir.path());
    let (ok, stdout, stderr) = agora(&["--database-url", &url, "admin", "recount"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("counters recounted: 0 rows corrected"), "{stdout}");
}

/// A like is acknowledged only once it is committed: killing the server in the middle
/// of a storm of likes loses none that were acknowledged, and the counters still match
/// the rows.
#[test]
fn a_killed_server_loses_no_acknowledged_like() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("agora.db").display());
    let (ok, _, stderr) = agora(&[
        "--database-url",
        &url,
        "seed",
        "--users",
        "10",
        "--ideas",
        "40",
        "--comments",
        "0",
        "--reactions",
        "0",
    ]);
    assert!(ok, "{stderr}");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (tokens, ideas) = runtime.block_on(async {
        let db = agora_db::Db::connect(&url).await.unwrap();
        let people = (0..400)
            .map(|i| agora_db::seed::NewUser {
                email: format!("liker{i}@example.org"),
                name: format!("Liker {i}"),
                is_admin: false,
            })
            .collect();
        let ids = agora_db::seed::users(&db, people, "not a hash: these people only use tokens", agora_db::now())
            .await
            .unwrap();
        let mut tokens = Vec::new();
        for id in ids {
            tokens.push(agora_app::users::create_api_token(&db, id, agora_db::now()).await.unwrap());
        }
        let project: i64 = agora_db::testing::count(&db, "SELECT MIN(id) FROM projects").await.unwrap();
        let ideas = agora_db::ideas::ids_in_project(&db, project, 40).await.unwrap();
        db.close().await;
        (tokens, ideas)
    });
    let mut server = Server::start(&url);
    let address = server.address.clone();
    // 16 senders, each with people of its own: every (person, idea) pair is new.
    let senders: Vec<_> = tokens
        .chunks(tokens.len() / 16)
        .map(|people| {
            let (people, ideas, address) = (people.to_vec(), ideas.clone(), address.clone());
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                for idea in &ideas {
                    for token in &people {
                        match send_json(
                            &address,
                            "PUT",
                            &format!("/api/v1/ideas/{idea}/reaction"),
                            Some(token),
                            r#"{"mode":"up"}"#,
                        ) {
                            Some(200) => acknowledged.push((token.clone(), *idea)),
                            Some(status) => panic!("a like was refused with {status}"),
                            None => return acknowledged,
                        }
                    }
                }
                acknowledged
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let acknowledged: Vec<(String, i64)> = senders.into_iter().flat_map(|s| s.join().unwrap()).collect();
    assert!(acknowledged.len() > 100, "the storm was under way when the server was killed: {}", acknowledged.len());
    assert!(acknowledged.len() < tokens.len() * ideas.len(), "the server was killed before the storm ended");
    runtime.block_on(async {
        let db = agora_db::Db::connect(&url).await.unwrap();
        let (counters, rows) = agora_db::ideas::like_totals(&db).await.unwrap();
        assert_eq!(counters, rows, "the counters match the rows after the crash");
        assert!(rows >= acknowledged.len() as i64, "{rows} likes stored, {} acknowledged", acknowledged.len());
        let stored = agora_db::testing::count(&db, "SELECT COUNT(*) FROM reactions").await.unwrap();
        assert_eq!(stored, rows);
        db.close().await;
    });
}

/// The demo city's weekly digest, as an operator would see it go out: `agora demo` with
/// the digest due now renders it, and its worker delivers it through a real SMTP server
/// to everyone (the demo's people have confirmed addresses), plus the staff digest to the
/// administrator.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_citys_weekly_digest_is_delivered() {
    use agora_testkit::smtp::{Options, SmtpServer};
    let Some(smtp) = SmtpServer::start(Options::default()) else { return };
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // Due since a minute ago (the schedule is in UTC), so the worker sends it at once.
    let at = (chrono::Utc::now() - chrono::Duration::minutes(1)).format("%a %H:%M").to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(["demo", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--file")
        .arg(dir.path().join("demo.db"))
        .env("AGORA_SMTP_URL", smtp.url())
        .env("AGORA_DIGEST_AT", &at)
        .env("AGORA_SITE_NAME", "Gent")
        .env("AGORA_DATA_DIR", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The administrator, 12 residents and 45 supporters: 58 residents' digests, and one
    // for staff (among the notification mails the demo's activity causes).
    let is_digest = |m: &agora_testkit::smtp::Delivered| {
        m.subject().contains("this week on Gent") || m.subject() == "This week on Gent"
    };
    let started = Instant::now();
    let delivered = loop {
        let delivered = smtp.delivered();
        if delivered.iter().filter(|m| is_digest(m)).count() >= 59 || started.elapsed() > Duration::from_secs(60) {
            break delivered;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    child.kill().unwrap();
    child.wait().unwrap();
    let digests: Vec<_> = delivered.iter().filter(|m| m.subject() == "This week on Gent").collect();
    assert_eq!(digests.len(), 58);
    let mut recipients: Vec<&str> = digests.iter().map(|m| m.rcpt_tos[0].as_str()).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 58, "one each");
    let lotte = digests.iter().find(|m| m.rcpt_tos[0] == "lotte.vermeulen@demo.agora.invalid").unwrap();
    assert!(
        lotte.text.contains("Lotte Vermeulen") && lotte.text.contains("Greener streets and squares"),
        "{}",
        lotte.text
    );
    assert!(lotte.html.contains("<a href=\"http://127.0.0.1:") && lotte.header("List-Unsubscribe").is_some());
    let staff = delivered.iter().find(|m| m.subject() == "For staff: this week on Gent").unwrap();
    assert_eq!(staff.rcpt_tos, ["admin@demo.agora.invalid"]);
    assert!(staff.text.contains("without an answer"), "{}", staff.text);
}
