//! `shenfu` — assess investment project applications against the Shenfu plan's rules.
//!
//! Exit codes: 0 no project fails an admission condition (each is eligible, or not subject to
//! the conditions); 1 some project is not eligible; 2 bad input or usage (the file, line or
//! item, and field are named on stderr; nothing is written to stdout).

mod blocks;
mod input;
mod render;
mod revision;
mod service;
mod transparency;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use input::{InputError, Origin, open_projects};
use render::Lang;
use shenfu_rules::present::text;
use shenfu_rules::{Error, Options, Project, Report, Rulebook, Verdict};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "shenfu",
    version,
    about = "Assess projects against the Shenfu zone's 14th Five-Year Plan (沈抚示范区「十四五」规划纲要)"
)]
struct Cli {
    /// Use this rulebook (TOML) instead of the embedded Shenfu plan.
    #[arg(long, global = true, value_name = "PATH")]
    rulebook: Option<String>,
    /// Language of tables and messages.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: Lang,
    /// Evaluate under the alternative of a reading of the plan's words (`ID=alternative`;
    /// repeatable). `shenfu rules --readings` lists them.
    #[arg(long = "reading", global = true, value_name = "ID=alternative")]
    readings: Vec<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Assess project applications (JSON object, JSON array, JSON Lines or CSV; `-` for stdin).
    Assess {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
        /// Evaluation year (2020–2035); rules not in force that year are `not_applicable`.
        #[arg(long)]
        year: Option<u16>,
        /// What a bad project does to a batch. CSV and JSON Lines are streamed either way, in
        /// constant memory.
        #[arg(long, value_enum, default_value = "fail")]
        on_error: OnError,
    },
    /// List the rules and zone targets of the rulebook.
    Rules {
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
        /// List where the plan disagrees with itself instead (same indicator and year,
        /// different requirements).
        #[arg(long, conflicts_with = "readings")]
        conflicts: bool,
        /// List the readings of the plan's words instead: what each chose, the alternative,
        /// the basis (Civil Code art. 1259, analogy, drafting assumption).
        #[arg(long = "readings")]
        list_readings: bool,
    },
    /// Evaluate the zone's indicators against the plan's targets from observed values (JSON or
    /// CSV with indicator,year,value,unit: a table never guesses a unit). Exit 1 when a binding
    /// (约束性) target was missed.
    Progress {
        #[arg(value_name = "FILE")]
        file: String,
        /// Evaluation year (2020–2035).
        #[arg(long)]
        year: u16,
        #[arg(long, value_enum, default_value = "table")]
        format: ProgressFormat,
        /// Also write the bullet-chart picture (SVG) to this file.
        #[arg(long, value_name = "OUT.svg")]
        svg: Option<String>,
        /// In the picture, only the indicators with an observation.
        #[arg(long, requires = "svg")]
        only_observed: bool,
        /// In the picture, only these indicators (comma-separated ids).
        #[arg(long, requires = "svg", value_delimiter = ',', value_name = "IDS")]
        indicators: Option<Vec<String>>,
    },
    /// Verify a stored report: recompute it from its input (--input) and compare byte for byte,
    /// or, without the input, check it against the rulebook and its own numbers. Exit 0 when
    /// verified, 1 when not.
    Verify {
        #[arg(value_name = "REPORT.json")]
        report: String,
        /// The project the report was made from (JSON).
        #[arg(long, value_name = "FILE")]
        input: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// Run the decision service for approval systems: the rules over HTTP (`/v1/assess`, …,
    /// `/openapi.json`), every decision kept in a tamper-evident log before it is answered.
    Serve {
        /// Address to listen on. Beyond loopback, --token-file (or --insecure-no-auth) is required.
        #[arg(long, default_value = shenfu_server::DEFAULT_LISTEN, value_name = "ADDR")]
        listen: String,
        /// The decision log: sqlite://PATH (embedded, the default) or postgres://… (several
        /// instances sharing one log).
        #[arg(long, default_value = service::DEFAULT_DATABASE, value_name = "URL")]
        database: String,
        /// Keep no log: decisions are answered, not stored (benchmarks, stateless screening).
        #[arg(long, conflicts_with = "database")]
        no_log: bool,
        /// Bearer tokens, one `NAME TOKEN [ROLES]` per line (mode 600); NAME is recorded as who
        /// asked; ROLES from decide, read-own, audit, admin (default decide,read-own). Re-read
        /// on SIGHUP.
        #[arg(long, value_name = "PATH")]
        token_file: Option<String>,
        /// Serve /metrics on this address (open) instead of on the main listener (where it
        /// needs an admin token when tokens are configured).
        #[arg(long, value_name = "ADDR")]
        metrics_listen: Option<String>,
        /// Serve HTTPS with this PEM certificate chain (leaf first); needs --tls-key.
        #[arg(long, value_name = "PEM", requires = "tls_key")]
        tls_cert: Option<String>,
        /// The certificate's PEM private key (mode 600).
        #[arg(long, value_name = "PEM", requires = "tls_cert")]
        tls_key: Option<String>,
        /// Accept requests from anyone on a non-loopback address.
        #[arg(long)]
        insecure_no_auth: bool,
        /// Largest request body in bytes.
        #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
        body_limit: usize,
        /// Requests handled at once; more are answered 503 with Retry-After.
        #[arg(long, default_value_t = 1024, value_name = "N")]
        max_in_flight: usize,
        /// Seconds a request may take.
        #[arg(long, default_value_t = 30, value_name = "SECONDS")]
        request_timeout: u64,
        /// Seconds a client has to send its whole body; a slower one is answered 503 `timeout`
        /// and, while it sends, holds no place among --max-in-flight.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        body_timeout: u64,
        /// Sign a checkpoint of the log's Merkle tree after every committed group and answer
        /// every decision with a receipt (`shenfu keys generate`; mode 600).
        #[arg(long, value_name = "PATH")]
        signing_key: Option<String>,
        /// With --signing-key: sign over a log that no checkpoint of the key covers yet (one kept
        /// before signing was turned on). Run `shenfu decisions verify` first; needed once.
        #[arg(long, requires = "signing_key")]
        adopt_unsigned_log: bool,
    },
    /// The decision log: check it (`verify`) or stream it out (`export`).
    Decisions {
        #[command(subcommand)]
        command: DecisionsCommand,
    },
    /// Signing keys for the decision log's checkpoints.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Check a decision's receipt offline, without the service or its database.
    Receipt {
        #[command(subcommand)]
        command: ReceiptCommand,
    },
    /// Witness a decision service's log from outside: fetch its latest signed checkpoint, check
    /// by a consistency proof that it extends the last one kept in DIR, and keep it (run from
    /// cron; `SHENFU_TOKEN` is sent as the bearer token). Exit 0 when it does, 1 when the log
    /// shrank or was rewritten, 2 when the service cannot be asked.
    Witness {
        /// The service, e.g. https://shenfu.example.gov.cn
        #[arg(long, value_name = "URL")]
        server: String,
        /// The log's public key: a `.pub` file or its text.
        #[arg(long, value_name = "KEY")]
        public_key: String,
        /// Where the checkpoints seen are kept, one file per tree size (WORM storage).
        #[arg(long, value_name = "DIR")]
        witness_dir: String,
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// What changed between two rulebooks (TOML files; `@embedded` is the embedded plan): rules,
    /// indicators, targets and header, field by field, with both citations. Formatting and
    /// order do not count. Exit 0 when they are the same, 1 when they differ.
    Diff {
        #[arg(value_name = "OLD.toml")]
        old: String,
        #[arg(value_name = "NEW.toml")]
        new: String,
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// Re-assess stored decisions under --rulebook (a revised plan), each for its own year, and
    /// show those decided differently: verdict and outcomes before and after, and what in the
    /// rule moved. SOURCE is `shenfu decisions export` output (JSON Lines; `-` for stdin), or
    /// --database reads the log itself. Exit 0 when nothing changes, 1 when something does, 2
    /// when a stored decision cannot be replayed.
    Replay {
        #[arg(value_name = "SOURCE", required_unless_present = "database")]
        source: Option<String>,
        /// Read the decision log instead of a file: sqlite://PATH or postgres://….
        #[arg(long, value_name = "URL", conflicts_with = "source")]
        database: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: revision::ReplayFormat,
    },
    /// Show one rule or target with its citation.
    Explain {
        rule_id: String,
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
}

#[derive(Subcommand)]
enum DecisionsCommand {
    /// Walk the whole log: recompute every decision, check every link of the hash chain and the
    /// head. Exit 0 when intact, 1 naming each row that is not.
    Verify {
        #[arg(long, default_value = service::DEFAULT_DATABASE, value_name = "URL")]
        database: String,
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
        /// The log's public key (a `.pub` file from `shenfu keys generate`, or its text): check
        /// the rows against the log's signed checkpoint.
        #[arg(long, value_name = "KEY")]
        public_key: Option<String>,
        /// A signed checkpoint kept outside the database (repeatable): the rows must still hash
        /// to it — a rewritten, cut or deleted log does not.
        #[arg(long, value_name = "FILE")]
        expect_checkpoint: Vec<String>,
        /// A witness's directory: every checkpoint in it is checked, and the log's latest is
        /// added once everything holds (run it daily, keep the directory on WORM storage).
        #[arg(long, value_name = "DIR")]
        witness_dir: Option<String>,
    },
    /// Stream every stored decision as JSON Lines (the log's fields, the input and the report).
    Export {
        #[arg(long, default_value = service::DEFAULT_DATABASE, value_name = "URL")]
        database: String,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Make a new Ed25519 key: the private half in OUT (mode 600, never overwritten), the
    /// public half in OUT.pub and on stdout (C2SP signed-note key formats).
    Generate {
        /// The key's name, which is also the log's origin in its checkpoints.
        #[arg(long, value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "OUT")]
        out: String,
    },
}

#[derive(Subcommand)]
enum ReceiptCommand {
    /// Check the checkpoint's signature, the decision's inclusion in it and, with --input, the
    /// verdict recomputed under the rulebook the receipt names (the embedded plan or
    /// --rulebook). RECEIPT is a receipt or a whole answer of POST /v1/assess. Exit 0 when it
    /// holds, 1 naming each check that fails, 2 when the file is not a receipt.
    Verify {
        #[arg(value_name = "RECEIPT")]
        receipt: String,
        /// The log's public key: a `.pub` file or its text.
        #[arg(long, value_name = "KEY")]
        public_key: String,
        /// The application the decision was made on (JSON).
        #[arg(long, value_name = "FILE")]
        input: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ProgressFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

/// A failure to report on stderr, with exit code 2.
pub(crate) enum Failure {
    /// Usage, I/O and output problems.
    Message(String),
    /// A bad input or rulebook: a human sentence for tables, the canonical error JSON for the
    /// machine formats (so approval systems parse the same error object every surface emits).
    Input(Box<InputError>),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Input(Box::new(InputError {
            origin: None,
            error,
            subject: [None, None],
        }))
    }
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(Box::new(e))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let machine = match &cli.command {
        Command::Assess { format, .. } => *format != ReportFormat::Table,
        Command::Rules { format, .. }
        | Command::Explain { format, .. }
        | Command::Diff { format, .. } => *format == ListFormat::Json,
        Command::Replay { format, .. } => *format != revision::ReplayFormat::Table,
        Command::Progress { format, .. } => *format != ProgressFormat::Table,
        Command::Verify { format, .. }
        | Command::Decisions {
            command: DecisionsCommand::Verify { format, .. },
        }
        | Command::Receipt {
            command: ReceiptCommand::Verify { format, .. },
        }
        | Command::Witness { format, .. } => *format == ListFormat::Json,
        Command::Keys { .. } => false,
        Command::Serve { .. }
        | Command::Decisions {
            command: DecisionsCommand::Export { .. },
        } => false,
    };
    match run(&cli) {
        Ok(code) => code,
        Err(Failure::Input(e)) if machine => {
            eprintln!("{}", e.located_error().to_canonical_json());
            ExitCode::from(2)
        }
        Err(Failure::Input(e)) => {
            eprintln!("shenfu: error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Message(message)) => {
            eprintln!("shenfu: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn load_rulebook(cli: &Cli) -> Result<std::borrow::Cow<'static, Rulebook>, Failure> {
    let book = match &cli.rulebook {
        Some(path) => std::borrow::Cow::Owned(
            Rulebook::from_path(path).map_err(|e| Failure::Message(format!("{path}: {e}")))?,
        ),
        None => std::borrow::Cow::Borrowed(Rulebook::embedded()),
    };
    if cli.readings.is_empty() {
        return Ok(book);
    }
    let mut alternatives = Vec::with_capacity(cli.readings.len());
    for given in &cli.readings {
        match given.split_once('=') {
            Some((id, "alternative")) => alternatives.push(id),
            Some((_, "chosen")) => {}
            _ => {
                return Err(Failure::Message(format!(
                    "--reading `{given}`: expected ID=alternative (or ID=chosen)"
                )));
            }
        }
    }
    Ok(std::borrow::Cow::Owned(book.under(&alternatives)?))
}

fn run(cli: &Cli) -> Result<ExitCode, Failure> {
    let book = load_rulebook(cli)?;
    match &cli.command {
        Command::Assess {
            files,
            format,
            year,
            on_error,
        } => assess(
            &book,
            files,
            *format,
            Options { year: *year },
            cli.lang,
            *on_error,
        ),
        Command::Rules {
            format,
            conflicts,
            list_readings,
        } => {
            let lang = cli.lang.core();
            let text = match (format, conflicts, list_readings) {
                (ListFormat::Json, _, true) => book.readings_json() + "\n",
                (ListFormat::Table, _, true) => text::readings(&book, lang),
                (ListFormat::Json, false, _) => book.rules_json() + "\n",
                (ListFormat::Json, true, _) => book.conflicts_json() + "\n",
                (ListFormat::Table, false, _) => text::rules(&book, lang),
                (ListFormat::Table, true, _) => text::conflicts(&book, lang),
            };
            write_stdout(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Progress {
            file,
            year,
            format,
            svg,
            only_observed,
            indicators,
        } => progress(
            &book,
            file,
            *year,
            *format,
            svg.as_deref().map(|path| Picture {
                path,
                only_observed: *only_observed,
                indicators: indicators.as_deref(),
            }),
            cli.lang,
        ),
        Command::Verify {
            report,
            input,
            format,
        } => verify(&book, report, input.as_deref(), *format, cli.lang),
        Command::Serve {
            listen,
            database,
            no_log,
            token_file,
            metrics_listen,
            tls_cert,
            tls_key,
            insecure_no_auth,
            body_limit,
            max_in_flight,
            request_timeout,
            body_timeout,
            signing_key,
            adopt_unsigned_log,
        } => service::serve(
            &book,
            &service::ServeArgs {
                listen,
                database,
                no_log: *no_log,
                token_file: token_file.as_deref(),
                metrics_listen: metrics_listen.as_deref(),
                tls: tls_cert.as_deref().zip(tls_key.as_deref()),
                insecure_no_auth: *insecure_no_auth,
                body_limit: *body_limit,
                max_in_flight: *max_in_flight,
                request_timeout: *request_timeout,
                body_timeout: *body_timeout,
                signing_key: signing_key.as_deref(),
                adopt_unsigned_log: *adopt_unsigned_log,
                rulebook_path: cli.rulebook.as_deref(),
            },
        ),
        Command::Decisions { command } => match command {
            DecisionsCommand::Verify {
                database,
                format,
                public_key,
                expect_checkpoint,
                witness_dir,
            } => service::verify(
                &book,
                database,
                &transparency::Outside {
                    public_key: public_key.as_deref(),
                    expect: expect_checkpoint,
                    witness_dir: witness_dir.as_deref(),
                },
                *format == ListFormat::Json,
                cli.lang,
            ),
            DecisionsCommand::Export {
                database,
                format: ExportFormat::Jsonl,
            } => service::export(database),
        },
        Command::Keys {
            command: KeysCommand::Generate { name, out },
        } => transparency::generate(name, out),
        Command::Receipt {
            command:
                ReceiptCommand::Verify {
                    receipt,
                    public_key,
                    input,
                    format,
                },
        } => transparency::verify_receipt(
            receipt,
            public_key,
            input.as_deref(),
            &book,
            *format == ListFormat::Json,
            cli.lang,
        ),
        Command::Witness {
            server,
            public_key,
            witness_dir,
            format,
        } => transparency::witness_remote(
            server,
            public_key,
            witness_dir,
            *format == ListFormat::Json,
            cli.lang,
        ),
        Command::Diff { old, new, format } => {
            revision::diff(old, new, *format == ListFormat::Json, cli.lang)
        }
        Command::Replay {
            source,
            database,
            format,
        } => match (source, database) {
            (_, Some(database)) => revision::replay_log(&book, database, *format, cli.lang),
            (Some(source), None) => revision::replay_file(&book, source, *format, cli.lang),
            (None, None) => Err(Failure::Message(
                "replay needs a SOURCE file or --database".to_owned(),
            )),
        },
        Command::Explain { rule_id, format } => {
            let text = match format {
                ListFormat::Json => book.explain_json(rule_id)? + "\n",
                ListFormat::Table => match (book.rule(rule_id), book.target(rule_id)) {
                    (Some(rule), _) => text::explain_rule(rule, cli.lang.core()),
                    (None, Some(target)) => text::explain_target(&book, target, cli.lang.core()),
                    (None, None) => {
                        return Err(book
                            .require_rule(rule_id)
                            .map(|_| ())
                            .map_or_else(Failure::from, |()| {
                                Failure::Message(format!("no rule or target `{rule_id}`"))
                            }));
                    }
                },
            };
            write_stdout(&text)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What to do with a bad project in a batch.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OnError {
    /// Stop: name the bad row on stderr, exit 2, write nothing on stdout.
    Fail,
    /// Keep going: write the bad row's canonical error in its place in the output, name every
    /// bad row on stderr, exit 2 at the end.
    Report,
}

fn assess(
    book: &Rulebook,
    files: &[String],
    format: ReportFormat,
    options: Options,
    lang: Lang,
    on_error: OnError,
) -> Result<ExitCode, Failure> {
    if format == ReportFormat::Table {
        return assess_table(book, files, options, lang, on_error);
    }
    let kind = match format {
        ReportFormat::Json => render::SinkKind::Json,
        ReportFormat::Csv => render::SinkKind::Csv,
        ReportFormat::Jsonl | ReportFormat::Table => render::SinkKind::Jsonl,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    // Fail mode promises an empty stdout on bad input, including a project the engine refuses
    // (a currency mismatch): everything is read and judged before anything is written. CSV
    // rows are small: they are written once, into memory, and go out when every row is
    // judged; only a batch whose rows outgrow `HELD_OUTPUT` is validated first and read again.
    let fail = on_error == OnError::Fail;
    if fail && kind == render::SinkKind::Csv && !files.iter().any(|f| f == "-") {
        let mut rows = Vec::new();
        let none = vec![None; files.len()];
        let written = write_batch(
            &mut rows,
            |rows| rows.len() > HELD_OUTPUT,
            book,
            files,
            kind,
            options,
            on_error,
            none,
        )?;
        if let Some(counts) = written {
            out.write_all(&rows).map_err(output_failure)?;
            out.flush().map_err(output_failure)?;
            return Ok(counts.exit());
        }
    }
    let held = if fail {
        validate(book, files, options)?
    } else {
        vec![None; files.len()]
    };
    let counts = write_batch(
        &mut out,
        |_| false,
        book,
        files,
        kind,
        options,
        on_error,
        held,
    )?;
    out.flush().map_err(output_failure)?;
    Ok(counts.map_or(ExitCode::SUCCESS, |c| c.exit()))
}

/// Bytes of CSV rows fail mode holds in memory until every row is judged (≈ 1.4 M rows).
const HELD_OUTPUT: usize = 384 << 20;

/// What a batch came to.
struct Counts {
    not_eligible: usize,
    bad: usize,
    total: usize,
}

impl Counts {
    /// 2 when bad rows were reported, 1 when a project is not eligible, else 0.
    fn exit(&self) -> ExitCode {
        if self.bad > 0 {
            eprintln!(
                "shenfu: {} bad rows reported, {} projects assessed",
                self.bad, self.total
            );
            ExitCode::from(2)
        } else if self.not_eligible == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }
}

/// Assess and write every file's projects (those `held` in memory, the others read again) to
/// `out`, a chunk at a time; `None` as soon as `full(out)` says the output outgrew its place.
#[allow(clippy::too_many_arguments)] // one batch's settings, each used once
fn write_batch<W: Write>(
    out: &mut W,
    full: impl Fn(&W) -> bool,
    book: &Rulebook,
    files: &[String],
    kind: render::SinkKind,
    options: Options,
    on_error: OnError,
    mut held: Vec<Option<Held>>,
) -> Result<Option<Counts>, Failure> {
    let mut sink = render::Sink::new(book, kind, on_error == OnError::Report);
    let progress = progress_spinner("projects");
    let mut counts = Counts {
        not_eligible: 0,
        bad: 0,
        total: 0,
    };
    for (file, held) in files.iter().zip(held.iter_mut()) {
        let mut records = match held.take() {
            Some(projects) => input::Records::Stream(Box::new(projects.into_iter().map(Ok))),
            None => input::open_records(file)?,
        };
        while let Some(chunk) = records.next_records(sink.chunk_size())? {
            let count = chunk.len() as u64;
            // Every project read counts, whether or not the engine then refuses it.
            counts.total += chunk.iter().filter(|r| r.is_ok()).count();
            let done = sink
                .chunk(out, book, options, chunk)
                .map_err(output_failure)?;
            for done in done {
                match done {
                    render::Done::Assessed(verdict) => {
                        counts.not_eligible += usize::from(verdict == Verdict::NotEligible);
                    }
                    render::Done::Bad(e) if on_error == OnError::Report => {
                        counts.bad += 1;
                        eprintln!("shenfu: bad row: {e}");
                    }
                    render::Done::Bad(e) => return Err((*e).into()),
                }
            }
            progress.inc(count);
            if full(out) {
                progress.finish_and_clear();
                return Ok(None);
            }
        }
    }
    sink.finish(out).map_err(output_failure)?;
    progress.finish_and_clear();
    Ok(Some(counts))
}

/// A file's projects, read and judged, kept to be written.
type Held = Vec<(Origin, Project)>;

/// How many projects fail mode keeps in memory between validating and writing (about 300 bytes
/// each): below it a file is read once; beyond it the rest is validated streaming, in constant
/// memory, and read again to write.
const HOLD_LIMIT: usize = 1_000_000;

/// Read and judge every project of every file (no output); keep each file's projects while the
/// total fits [`HOLD_LIMIT`] (standard input always, as it cannot be read twice). `None` for a
/// file to read again.
fn validate(
    book: &Rulebook,
    files: &[String],
    options: Options,
) -> Result<Vec<Option<Held>>, Failure> {
    let mut kept = 0usize;
    let mut held = Vec::with_capacity(files.len());
    for file in files {
        let mut projects = Some(Vec::new());
        let mut records = input::open_records(file)?;
        while let Some(block) = records.next_records(render::CHUNK)? {
            judge_all(book, options, &block)?;
            if kept >= HOLD_LIMIT && file != "-" {
                kept -= projects.take().map_or(0, |p| p.len());
            }
            if let Some(projects) = projects.as_mut() {
                kept += block.len();
                projects.extend(block.into_iter().flatten());
            }
        }
        held.push(projects);
    }
    Ok(held)
}

/// Judge every rule of every record (any may refuse its project) on every core; the first bad
/// record in input order, as if judged one by one.
fn judge_all(book: &Rulebook, options: Options, records: &[input::Record]) -> Result<(), Failure> {
    let parts = shenfu_rules::batch::ranges(records.len());
    let judged = shenfu_rules::batch::in_order(&parts, |_, range| {
        let mut statuses = Vec::new();
        for record in records.get(range.clone()).unwrap_or(&[]) {
            let (origin, project) = record.as_ref().map_err(|e| Box::new(e.clone()))?;
            book.statuses(project, options, &mut statuses)
                .map_err(|error| {
                    Box::new(InputError {
                        origin: Some(origin.clone()),
                        error,
                        subject: [None, None],
                    })
                })?;
        }
        Ok::<(), Box<InputError>>(())
    });
    judged
        .into_iter()
        .try_for_each(|r| r.map_err(|e| Failure::from(*e)))
}

/// A write to stdout that failed; a closed pipe (`| head`) ends quietly.
pub(crate) fn output_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    Failure::Message(format!("cannot write output: {e}"))
}

/// The human table: everything in memory (it is for people, not for millions of rows).
fn assess_table(
    book: &Rulebook,
    files: &[String],
    options: Options,
    lang: Lang,
    on_error: OnError,
) -> Result<ExitCode, Failure> {
    let mut projects: Vec<(Origin, Project)> = Vec::new();
    let mut bad = 0usize;
    for file in files {
        for record in open_projects(file)? {
            match record {
                Ok(p) => projects.push(p),
                Err(e) if on_error == OnError::Report => {
                    bad += 1;
                    eprintln!("shenfu: bad row: {e}");
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    let mut reports: Vec<(Origin, Report<'_>)> = Vec::with_capacity(projects.len());
    for (origin, project) in projects {
        let report = book.assess(&project, options).map_err(|error| InputError {
            origin: Some(origin.clone()),
            error,
            subject: [None, None],
        })?;
        reports.push((origin, report));
    }
    let count = |verdict: Verdict| reports.iter().filter(|(_, r)| r.verdict == verdict).count();
    let (eligible, not_subject) = (count(Verdict::Eligible), count(Verdict::NotSubject));
    let mut out = String::new();
    for (i, (origin, r)) in reports.iter().enumerate() {
        out.push_str(&text::report(
            Some(i + 1),
            &origin.to_string(),
            r,
            book,
            lang.core(),
        ));
        out.push('\n');
    }
    out.push_str(&shenfu_rules::present::batch_summary(
        reports.len(),
        eligible,
        not_subject,
        lang.core(),
    ));
    write_stdout(&out)?;
    Ok(if bad > 0 {
        ExitCode::from(2)
    } else if count(Verdict::NotEligible) == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A count of projects on stderr for long runs, only when a person is watching.
pub(crate) fn progress_spinner(what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    let template = format!("{{spinner}} {{pos}} {what} ({{per_sec}})");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

fn verify(
    book: &Rulebook,
    report: &str,
    input: Option<&str>,
    format: ListFormat,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let text = input::read_text_file(report)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let project = match input {
        Some(path) => {
            let mut projects = input::read_projects(path)?;
            if projects.len() != 1 {
                return Err(Failure::Message(format!(
                    "{path}: verify takes the one project the report was made from, found {}",
                    projects.len()
                )));
            }
            projects.pop().map(|(_, p)| p)
        }
        None => None,
    };
    let result = book
        .verify(text, project.as_ref())
        .map_err(|e| InputError::in_file(report, e))?;
    let out = match format {
        ListFormat::Json => result.to_canonical_json() + "\n",
        ListFormat::Table => text::verification(&result, lang.core()),
    };
    write_stdout(&out)?;
    Ok(if result.verified {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn progress(
    book: &Rulebook,
    file: &str,
    year: u16,
    format: ProgressFormat,
    svg: Option<Picture<'_>>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let observations = input::read_observations(book, file)?;
    let report = book.progress(&observations, year)?;
    let out = match format {
        ProgressFormat::Json => report.to_canonical_json() + "\n",
        ProgressFormat::Table => text::progress(&report, lang.core()),
        ProgressFormat::Csv => {
            let names: Vec<String> = shenfu_rules::present::progress_rows::columns()
                .into_iter()
                .map(|c| c.name)
                .collect();
            let header: Vec<shenfu_rules::batch::Cell<'_>> = names
                .iter()
                .map(|n| shenfu_rules::batch::Cell::Text(n))
                .collect();
            let rows = report.rows();
            let mut bytes = Vec::new();
            render::write_csv_rows(
                &mut bytes,
                std::iter::once(header.as_slice()).chain(rows.iter().map(Vec::as_slice)),
            )
            .map_err(|e| Failure::Message(format!("cannot write CSV: {e}")))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    if let Some(picture) = svg {
        let svg = report.to_svg_selected(lang.core(), picture.only_observed, picture.indicators)?;
        write_file_atomically(picture.path, &svg)?;
    }
    write_stdout(&out)?;
    Ok(if report.summary.violations > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Write through a temporary file and rename, so a failure never leaves half a picture.
/// Where `--svg` writes the picture, and which indicators it shows.
struct Picture<'a> {
    path: &'a str,
    only_observed: bool,
    indicators: Option<&'a [String]>,
}

fn write_file_atomically(path: &str, text: &str) -> Result<(), Failure> {
    let target = std::path::Path::new(path);
    let tmp = target.with_extension("svg.partial");
    let fail = |e: std::io::Error| Failure::Message(format!("cannot write {path}: {e}"));
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, target).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

pub(crate) fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // A closed pipe (`shenfu rules | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Message(format!("cannot write output: {e}"))),
    }
}
