//! `shenfu` — assess investment project applications against the Shenfu plan's rules.
//!
//! Exit codes: 0 no project fails an admission condition (each is eligible, or not subject to
//! the conditions); 1 some project is not eligible; 2 bad input or usage (the file, line or
//! item, and field are named on stderr; nothing is written to stdout).

mod args;
mod blocks;
mod input;
mod ordered;
mod render;
mod revision;
mod service;
mod transparency;

use args::{
    Cli, Command, DecisionsCommand, ExportFormat, KeysCommand, ListFormat, OnError, ProgressFormat,
    ReceiptCommand, ReportFormat,
};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use input::{InputError, Origin, open_projects};
use render::Lang;
use shenfu_rules::present::text;
use shenfu_rules::{Error, Options, Project, Report, Rulebook, Verdict};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

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

/// The rulebook `--rulebook` names (a TOML file, or `@embedded`; the embedded plan without it),
/// under the `--reading` alternatives. A bad file is the engine's error with its file and line:
/// the canonical error JSON for the machine formats, like any other input.
fn load_rulebook(cli: &Cli) -> Result<std::borrow::Cow<'static, Rulebook>, Failure> {
    let book = revision::load(cli.rulebook.as_deref().unwrap_or(revision::EMBEDDED))?;
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
        let mut sink = render::Sink::new(book, kind, false).holding();
        let none = vec![None; files.len()];
        let written = write_batch(
            &mut sink,
            &mut std::io::sink(),
            |sink| sink.held_bytes() > HELD_OUTPUT,
            book,
            files,
            options,
            on_error,
            none,
        )?;
        if let Some(counts) = written {
            for rows in sink.held() {
                out.write_all(rows.as_bytes()).map_err(output_failure)?;
            }
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
        &mut render::Sink::new(book, kind, on_error == OnError::Report),
        &mut out,
        |_| false,
        book,
        files,
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

/// Assess and write every file's projects (those `held` in memory, the others read again)
/// through `sink` to `out`, a block or chunk at a time; `None` as soon as `full(sink)` says the
/// output outgrew its place.
#[allow(clippy::too_many_arguments)] // one batch's settings, each used once
fn write_batch(
    sink: &mut render::Sink<'_>,
    out: &mut impl Write,
    full: impl Fn(&render::Sink<'_>) -> bool,
    book: &Rulebook,
    files: &[String],
    options: Options,
    on_error: OnError,
    mut held: Vec<Option<Held>>,
) -> Result<Option<Counts>, Failure> {
    let progress = progress_spinner("projects");
    let mut counts = Counts {
        not_eligible: 0,
        bad: 0,
        total: 0,
    };
    for (file, held) in files.iter().zip(held.iter_mut()) {
        let mut records = match held.take() {
            Some(pieces) => input::Records::Held(pieces.into_iter()),
            None => input::open_records(file)?,
        };
        loop {
            // CSV rows a block at a time, each piece written on the thread that read it;
            // reports (4–8 KB each, far more than a block's 8 MB) in jobs of 48 on every core,
            // at most 64 jobs held (`ordered`): constant memory.
            let done = match &mut records {
                input::Records::Blocks(blocks) if sink.small_rows() => {
                    sink.block(out, book, options, blocks)?
                }
                input::Records::Blocks(blocks) => blocks
                    .next_block_with(|_, _, records| records)?
                    .map(|pieces| {
                        let done = sink.pieces(out, book, options, &pieces);
                        blocks.give_back(pieces);
                        done
                    }),
                // Every piece fail mode held, in one run.
                input::Records::Held(pieces) => {
                    let pieces: Vec<_> = pieces.by_ref().collect();
                    (!pieces.is_empty()).then(|| {
                        let done = sink.pieces(out, book, options, &pieces);
                        blocks::free_apart(pieces);
                        done
                    })
                }
                _ => records
                    .next_records(sink.chunk_size())?
                    .map(|chunk| sink.chunk(out, book, options, chunk)),
            };
            let Some(done) = done else { break };
            let done = done.map_err(output_failure)?;
            // Every project read counts, whether or not the engine then refuses it.
            let read = done
                .iter()
                .filter(|d| !matches!(d, render::Done::Unread(_)))
                .count();
            counts.total += read;
            for done in done {
                match done {
                    render::Done::Assessed(verdict) => {
                        counts.not_eligible += usize::from(verdict == Verdict::NotEligible);
                    }
                    render::Done::Bad(e) | render::Done::Unread(e)
                        if on_error == OnError::Report =>
                    {
                        counts.bad += 1;
                        eprintln!("shenfu: bad row: {e}");
                    }
                    render::Done::Bad(e) | render::Done::Unread(e) => return Err((*e).into()),
                }
            }
            progress.inc(read as u64);
            if full(sink) {
                progress.finish_and_clear();
                return Ok(None);
            }
        }
    }
    sink.finish(out).map_err(output_failure)?;
    progress.finish_and_clear();
    Ok(Some(counts))
}

/// A file's projects, read and checked, kept to be written: its blocks' pieces, as parsed.
type Held = Vec<Vec<input::Record>>;

/// How many projects fail mode keeps in memory between validating and writing (about 330 bytes
/// each): a file that fits is read once; the file that crosses it is no longer kept (what was
/// kept of it is dropped), is validated streaming, in constant memory, and read again whole to
/// write; later files are kept while they fit.
const HOLD_LIMIT: usize = 1_000_000;

/// Read and check every project of every file (no output): whatever the engine would refuse
/// is found before anything is written. Keep each file's projects while the total fits
/// [`HOLD_LIMIT`] (standard input always, as it cannot be read twice); `None` for a file to read
/// again. JSON Lines and CSV are checked piece by piece on the thread that parsed each piece.
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
        loop {
            let checked = match &mut records {
                input::Records::Blocks(blocks) => blocks.next_block_with(|_, _, records| {
                    let checked = check(book, options, &records);
                    (records, checked)
                })?,
                _ => records.next_records(render::CHUNK)?.map(|records| {
                    let checked = check_all(book, options, &records);
                    vec![(records, checked)]
                }),
            };
            let Some(checked) = checked else { break };
            for (records, checked) in checked {
                checked.map_err(|e| Failure::from(*e))?;
                if kept >= HOLD_LIMIT && file != "-" {
                    kept -= projects.take().map_or(0, |p| p.iter().map(Vec::len).sum());
                }
                if let Some(projects) = projects.as_mut() {
                    kept += records.len();
                    projects.push(records);
                }
            }
        }
        held.push(projects);
    }
    Ok(held)
}

/// [`check`] every record on every core; the first bad record in input order, as if checked one
/// by one.
fn check_all(
    book: &Rulebook,
    options: Options,
    records: &[input::Record],
) -> Result<(), Box<InputError>> {
    let parts = shenfu_rules::batch::ranges(records.len());
    let checked = shenfu_rules::batch::in_order(&parts, |_, range| {
        check(book, options, records.get(range.clone()).unwrap_or(&[]))
    });
    checked.into_iter().collect()
}

/// Check every record against every rule (any may refuse its project: `Rulebook::check`, which
/// does not judge), on the calling thread; the first bad record.
fn check(
    book: &Rulebook,
    options: Options,
    records: &[input::Record],
) -> Result<(), Box<InputError>> {
    for record in records {
        let (origin, project) = record.as_ref().map_err(|e| Box::new(e.clone()))?;
        book.check(project, options).map_err(|error| {
            Box::new(InputError {
                origin: Some(origin.clone()),
                error,
                subject: [None, None],
            })
        })?;
    }
    Ok(())
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

/// Where `--svg` writes the picture, and which indicators it shows.
struct Picture<'a> {
    path: &'a str,
    only_observed: bool,
    indicators: Option<&'a [String]>,
}

/// Write through a temporary file and rename, so a failure never leaves half a picture.
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
