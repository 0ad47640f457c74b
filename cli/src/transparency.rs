//! `shenfu keys generate`, `shenfu receipt verify` and what `shenfu decisions verify` checks
//! against outside the log: its signed checkpoints, one held elsewhere (`--expect-checkpoint`)
//! and a witness's directory of every checkpoint seen (`--witness-dir`).

use crate::Failure;
use crate::render::Lang;
use shenfu_rules::Rulebook;
use shenfu_rules::transparency::note::{SignerKey, VerifierKey};
use shenfu_rules::transparency::receipt;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Read a secret file, refusing one that group or others may read (as ssh does with keys).
pub fn read_secret(path: &str, what: &str) -> Result<String, Failure> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path)
            .map_err(|e| Failure::Message(format!("cannot read {what} {path}: {e}")))?;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(Failure::Message(format!(
                "{what} {path} is readable by others (mode {:o}): run `chmod 600 {path}`",
                meta.permissions().mode() & 0o777
            )));
        }
    }
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Message(format!("cannot read {what} {path}: {e}")))
}

/// The signing key `shenfu serve --signing-key` names.
pub fn signing_key(path: &str) -> Result<SignerKey, Failure> {
    SignerKey::parse(&read_secret(path, "the signing key")?)
        .map_err(|e| Failure::Message(format!("{path}: {e}")))
}

/// A public key given as a file (`KEY.pub`) or as the key's text itself.
pub fn public_key(given: &str) -> Result<VerifierKey, Failure> {
    VerifierKey::parse(&public_key_text(given)?)
        .map_err(|e| Failure::Message(format!("--public-key {given}: {e}")))
}

/// The text of a public key given as a file or as the text itself.
fn public_key_text(given: &str) -> Result<String, Failure> {
    if Path::new(given).is_file() {
        std::fs::read_to_string(given)
            .map_err(|e| Failure::Message(format!("cannot read {given}: {e}")))
    } else {
        Ok(given.to_owned())
    }
}

/// `shenfu keys generate`: a new Ed25519 key, the private half in `out` (mode 600, never
/// overwritten), the public half in `out.pub` and on stdout.
pub fn generate(name: &str, out: &str) -> Result<ExitCode, Failure> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Failure::Message(format!("no randomness from the system: {e}")))?;
    let key = SignerKey::from_seed(name, seed)
        .map_err(|e| Failure::Message(format!("--name {name}: {e}")))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(out).map_err(|e| {
        Failure::Message(format!(
            "cannot create {out} (an existing key is never overwritten): {e}"
        ))
    })?;
    file.write_all(format!("{}\n", key.to_private_text()).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Failure::Message(format!("cannot write {out}: {e}")))?;
    let public = format!("{}\n", key.verifier());
    std::fs::write(format!("{out}.pub"), &public)
        .map_err(|e| Failure::Message(format!("cannot write {out}.pub: {e}")))?;
    crate::write_stdout(&public)?;
    Ok(ExitCode::SUCCESS)
}

/// `shenfu receipt verify`: exit 0 when every check passes, 1 naming what failed, 2 when the
/// file is not a receipt.
pub fn verify_receipt(
    path: &str,
    key: &str,
    input: Option<&str>,
    book: &Rulebook,
    json: bool,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let key = public_key_text(key)?;
    let document = read_text(path)?;
    let input = input.map(read_text).transpose()?;
    let books = [book, Rulebook::embedded()];
    // The bindings' path: a key that cannot be read is a failed signature check, not an error.
    let verification = receipt::verify_with_key_text(&document, &key, input.as_deref(), &books)?;
    let out = if json {
        verification.to_canonical_json() + "\n"
    } else {
        shenfu_rules::present::text::receipt_verification(&verification, lang.core())
    };
    crate::write_stdout(&out)?;
    Ok(if verification.verified {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn read_text(path: &str) -> Result<String, Failure> {
    if path == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| Failure::Message(format!("cannot read stdin: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| Failure::Message(format!("cannot read {path}: {e}")))
}

/// What `decisions verify` checks the rows against, besides themselves.
pub struct Outside<'a> {
    pub public_key: Option<&'a str>,
    pub expect: &'a [String],
    pub witness_dir: Option<&'a str>,
}

/// A witness directory's checkpoints, oldest first: `(file name, signed note)`.
pub fn witnessed(dir: &str) -> Result<Vec<(String, String)>, Failure> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        // An unmounted volume must not read as a witness that has seen nothing.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Failure::Message(format!(
                "the witness directory {dir} does not exist: create it (mkdir -p {dir}) to start a new witness"
            )));
        }
        Err(e) => return Err(Failure::Message(format!("cannot read {dir}: {e}"))),
    };
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".checkpoint"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|name| {
            let path = Path::new(dir).join(&name);
            std::fs::read_to_string(&path)
                .map(|note| (path.display().to_string(), note))
                .map_err(|e| Failure::Message(format!("cannot read {}: {e}", path.display())))
        })
        .collect()
}

/// Keep `note` (of a tree of `size` rows) in the witness directory, once; never rewritten.
pub fn witness(dir: &str, size: u64, note: &str) -> Result<(), Failure> {
    let path = Path::new(dir).join(format!("{size:020}.checkpoint"));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut file) => file
            .write_all(note.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| Failure::Message(format!("cannot write {}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Failure::Message(format!(
            "cannot write {}: {e}",
            path.display()
        ))),
    }
}

/// `shenfu witness`: fetch the service's latest checkpoint, check its signature and, by a
/// consistency proof, that it extends the last one kept in `dir`; keep it. Exit 0 when it does,
/// 1 when the log shrank or was rewritten (the offending checkpoint is kept beside, as
/// `SIZE.inconsistent`), 2 when the service cannot be asked.
pub fn witness_remote(
    server: &str,
    key: &str,
    dir: &str,
    json: bool,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    use shenfu_rules::transparency::checkpoint::Checkpoint;
    use shenfu_rules::transparency::{hash_from_base64, note, witness};
    let key = public_key(key)?;
    let opened = |note_text: &str, whence: &str| {
        note::open(note_text, &key)
            .map_err(|e| e.problem)
            .and_then(Checkpoint::parse)
            .map_err(|problem| {
                Failure::Message(format!(
                    "{whence}: the checkpoint does not verify with {}: {problem}",
                    key.name()
                ))
            })
    };
    let last = match witnessed(dir)?.pop() {
        Some((path, text)) => Some(opened(&text, &path)?),
        None => None,
    };
    let token = std::env::var("SHENFU_TOKEN").ok();
    let fetch = |path: String| -> Result<serde_json::Value, Failure> {
        let url = format!("{}{path}", server.trim_end_matches('/'));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::Message(format!("cannot start the async runtime: {e}")))?;
        runtime.block_on(async {
            let mut request = reqwest::Client::new().get(&url);
            if let Some(token) = &token {
                request = request.bearer_auth(token);
            }
            let response = request
                .send()
                .await
                .map_err(|e| Failure::Message(format!("GET {url}: {e}")))?;
            let status = response.status();
            let body = response
                .text()
                .await
                .map_err(|e| Failure::Message(format!("GET {url}: {e}")))?;
            if !status.is_success() {
                return Err(Failure::Message(format!("GET {url}: {status}: {body}")));
            }
            serde_json::from_str(&body)
                .map_err(|e| Failure::Message(format!("GET {url}: not JSON: {e}")))
        })
    };
    let text_of = |v: Option<&serde_json::Value>| {
        v.and_then(serde_json::Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| Failure::Message(format!("{server}: the answer holds no checkpoint")))
    };
    let (new_note, proof) = match &last {
        None => (
            text_of(fetch("/v1/checkpoint".to_owned())?.get("checkpoint"))?,
            Vec::new(),
        ),
        Some(last) => {
            let answer = fetch(format!("/v1/checkpoint/consistency?from={}", last.size))?;
            let proof = answer
                .get("proof")
                .and_then(serde_json::Value::as_array)
                .map(|hashes| {
                    hashes
                        .iter()
                        .filter_map(|h| h.as_str().and_then(hash_from_base64))
                        .collect()
                })
                .unwrap_or_default();
            (text_of(answer.pointer("/checkpoint/checkpoint"))?, proof)
        }
    };
    let new = opened(&new_note, server)?;
    let outcome = witness::check(last.as_ref(), &new, &proof);
    if outcome.consistent {
        self::witness(dir, new.size, &new_note)?;
    } else {
        let path = Path::new(dir).join(format!("{:020}.inconsistent", new.size));
        std::fs::write(&path, &new_note)
            .map_err(|e| Failure::Message(format!("cannot write {}: {e}", path.display())))?;
    }
    let out = if json {
        shenfu_rules::canonical::to_json(&outcome) + "\n"
    } else {
        let mark = if outcome.consistent { '✓' } else { '✗' };
        format!(
            "{mark} [{}] {}\n",
            outcome.code,
            lang.core().pick(&outcome.message)
        )
    };
    crate::write_stdout(&out)?;
    Ok(if outcome.consistent {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
