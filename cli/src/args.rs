//! The command line: every command, option and format `shenfu` takes (clap), and nothing else —
//! what each does is in `main.rs` and the modules it calls.

use crate::render::Lang;
use crate::{revision, service};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "shenfu",
    version,
    about = "Assess projects against the Shenfu zone's 14th Five-Year Plan (沈抚示范区「十四五」规划纲要)"
)]
pub(crate) struct Cli {
    /// Use this rulebook (TOML) instead of the embedded Shenfu plan.
    #[arg(long, global = true, value_name = "PATH")]
    pub(crate) rulebook: Option<String>,
    /// Language of tables and messages.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    pub(crate) lang: Lang,
    /// Evaluate under the alternative of a reading of the plan's words (`ID=alternative`;
    /// repeatable). `shenfu rules --readings` lists them.
    #[arg(long = "reading", global = true, value_name = "ID=alternative")]
    pub(crate) readings: Vec<String>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) enum DecisionsCommand {
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
pub(crate) enum KeysCommand {
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
pub(crate) enum ReceiptCommand {
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
pub(crate) enum ExportFormat {
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProgressFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Table,
    Json,
}

/// What to do with a bad project in a batch.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OnError {
    /// Stop: name the bad row on stderr, exit 2, write nothing on stdout.
    Fail,
    /// Keep going: write the bad row's canonical error in its place in the output, name every
    /// bad row on stderr, exit 2 at the end.
    Report,
}
