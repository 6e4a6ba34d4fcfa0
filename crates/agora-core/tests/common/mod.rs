//! The real datasets in `../shared/data`, shared by the tests that use them.

use std::io::Write;
use std::path::Path;

/// The folder `dir` when it is there. Without it the test is skipped, with a `SKIP`
/// line the CI script counts, or fails when `AGORA_REQUIRE_DATA=1` (as in CI): a test
/// that needs the data never passes without it.
pub fn shared_data(dir: &'static str) -> Option<&'static Path> {
    let path = Path::new(dir);
    if path.is_dir() {
        return Some(path);
    }
    let why = format!("no data at {dir}: put the team's shared/ folder beside the repository");
    assert!(std::env::var("AGORA_REQUIRE_DATA").as_deref() != Ok("1"), "AGORA_REQUIRE_DATA=1 but {why}");
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    // Past the harness's capture, so that every run shows it.
    let _ = writeln!(std::io::stderr(), "SKIP {test}: {why}");
    None
}
