//! Password hashing: argon2id, on a few threads kept for it.

use agora_core::Error;
use agora_db::Result;
use argon2::password_hash::{self, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

type HashingJob = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// Runs one argon2 computation on one of a few threads kept for it, one per core, each
/// with its own working memory (about 19 MiB), allocated once and reused. On the
/// runtime's blocking threads each computation allocated afresh: forty sign-ins at once
/// took the server to gigabytes, and the memory stayed with the allocator. Here a burst
/// waits in line, and the memory is a few buffers, whatever the burst.
async fn on_hashing_thread<T: Send + 'static>(work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static) -> Result<T> {
    type Queue = std::sync::Mutex<std::sync::mpsc::Sender<HashingJob>>;
    static QUEUE: std::sync::OnceLock<Queue> = std::sync::OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<HashingJob>();
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        for i in 0..std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                let mut memory = Vec::new();
                // Ends when the sender is gone (the process is ending). A job that panics
                // is that request's failure (its caller sees a closed channel), not the
                // end of this thread.
                while let Some(job) = receiver.lock().ok().and_then(|r| r.recv().ok()) {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut memory)));
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        std::sync::Mutex::new(sender)
    });
    let (done, result) = tokio::sync::oneshot::channel();
    let job: HashingJob = Box::new(move |memory| {
        // The client went away while this waited in line: skip the work.
        if !done.is_closed() {
            let _ = done.send(work(memory));
        }
    });
    queue.lock().map_err(|e| Error::internal(e.to_string()))?.send(job).map_err(|e| Error::internal(e.to_string()))?;
    result.await.map_err(|e| Error::internal(e.to_string()))
}

/// argon2 with the caller's working memory, grown if these parameters need more.
fn argon2_output(
    memory: &mut Vec<Block>,
    argon: (Algorithm, Version, Params),
    password: &[u8],
    salt: Salt<'_>,
    output_len: usize,
) -> password_hash::Result<Output> {
    let (algorithm, version, params) = argon;
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let argon = Argon2::new(algorithm, version, params);
    Output::init_with(output_len, |out| {
        Ok(argon.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])?)
    })
}

/// Hashes with argon2id (its recommended parameters): it is slow on purpose.
pub async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_owned();
    on_hashing_thread(move |memory| {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())?;
        let params = Params::default();
        let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let argon = (Algorithm::Argon2id, Version::V0x13, params.clone());
        let hash = argon2_output(memory, argon, password.as_bytes(), salt.as_salt(), output_len)?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt.as_salt()),
            hash: Some(hash),
        };
        Ok::<_, password_hash::Error>(phc.to_string())
    })
    .await?
    .map_err(|e| Error::internal(e.to_string()))
}

/// Whether `password` gives the stored `hash` (compared in constant time).
pub(crate) async fn verify_password(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    on_hashing_thread(move |memory| {
        let mut verify = || {
            let parsed = PasswordHash::new(&hash)?;
            let expected = parsed.hash.ok_or(password_hash::Error::Password)?;
            let algorithm = Algorithm::try_from(parsed.algorithm)?;
            let version = parsed.version.map(Version::try_from).transpose()?.unwrap_or_default();
            let params = Params::try_from(&parsed)?;
            let salt =
                parsed.salt.ok_or(password_hash::Error::SaltInvalid(password_hash::errors::InvalidValue::Malformed))?;
            let output =
                argon2_output(memory, (algorithm, version, params), password.as_bytes(), salt, expected.len())?;
            Ok::<_, password_hash::Error>(output == expected)
        };
        verify().unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}
