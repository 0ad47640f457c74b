//! `shenfu diff` and `shenfu replay`: what a plan revision changes — in the rulebook, and in the
//! decisions already taken under it.

use crate::input::{InputError, Origin, Place};
use crate::render::Lang;
use crate::{Failure, output_failure, write_stdout};
use shenfu_rules::batch::push_csv_row;
use shenfu_rules::present::revision;
use shenfu_rules::replay::{FLIP_COLUMNS, Flip, ReplaySummary, Replayer, StoredDecision};
use shenfu_rules::{Error, ErrorKind, Rulebook};
use std::borrow::Cow;
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// `@embedded` names the embedded plan, anything else a TOML file.
pub const EMBEDDED: &str = "@embedded";

fn load(path: &str) -> Result<Cow<'static, Rulebook>, Failure> {
    if path == EMBEDDED {
        return Ok(Cow::Borrowed(Rulebook::embedded()));
    }
    Rulebook::from_path(path)
        .map(Cow::Owned)
        .map_err(|error| Failure::Input(Box::new(InputError::in_file(path, error))))
}

/// Exit 0 when the two rulebooks are the same, 1 when they differ.
pub fn diff(old: &str, new: &str, json: bool, lang: Lang) -> Result<ExitCode, Failure> {
    let (old, new) = (load(old)?, load(new)?);
    let diff = old.diff(&new);
    let text = if json {
        diff.to_canonical_json() + "\n"
    } else {
        revision::rulebook_diff(&diff, lang.core())
    };
    write_stdout(&text)?;
    Ok(if diff.equal {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReplayFormat {
    Table,
    Jsonl,
    Csv,
}

/// Where flips go: one writer for every source.
struct Sink {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    format: ReplayFormat,
    lang: Lang,
    summary: ReplaySummary,
    line: String,
    scratch: String,
    bar: indicatif::ProgressBar,
}

impl Sink {
    fn new(format: ReplayFormat, lang: Lang) -> Result<Self, Failure> {
        let mut sink = Self {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            format,
            lang,
            summary: ReplaySummary::default(),
            line: String::with_capacity(1024),
            scratch: String::new(),
            bar: crate::progress_spinner("decisions"),
        };
        if format == ReplayFormat::Csv {
            let header: Vec<&str> = FLIP_COLUMNS.iter().map(|(name, _)| *name).collect();
            sink.write(&(header.join(",") + "\n"))?;
        }
        Ok(sink)
    }

    fn write(&mut self, text: &str) -> Result<(), Failure> {
        self.out.write_all(text.as_bytes()).map_err(output_failure)
    }

    /// Count one replayed decision, write it if it flipped, report it on stderr if it failed.
    fn take(
        &mut self,
        origin: impl FnOnce() -> Origin,
        replayed: shenfu_rules::Result<Option<Flip>>,
    ) -> Result<(), Failure> {
        self.summary.add(&replayed);
        self.bar.inc(1);
        match replayed {
            Ok(None) => Ok(()),
            Ok(Some(flip)) => {
                self.line.clear();
                match self.format {
                    ReplayFormat::Table => self.line = revision::flip(&flip, self.lang.core()),
                    ReplayFormat::Jsonl => {
                        self.line.push_str(&flip.to_canonical_json());
                        self.line.push('\n');
                    }
                    ReplayFormat::Csv => {
                        for row in flip.rows() {
                            push_csv_row(&mut self.line, &row, &mut self.scratch);
                        }
                    }
                }
                let line = std::mem::take(&mut self.line);
                let written = self.write(&line);
                self.line = line;
                written
            }
            Err(error) => {
                let error = InputError {
                    origin: Some(origin()),
                    error,
                };
                if self.format == ReplayFormat::Table {
                    eprintln!("shenfu: error: {error}");
                } else {
                    eprintln!("{}", error.located_error().to_canonical_json());
                }
                Ok(())
            }
        }
    }

    /// The summary (on stdout for the table, on stderr beside machine output) and the exit
    /// code: 2 when a decision could not be replayed, 1 when one flips, else 0.
    fn finish(mut self) -> Result<ExitCode, Failure> {
        self.bar.finish_and_clear();
        let summary = revision::replay_summary(&self.summary, self.lang.core());
        if self.format == ReplayFormat::Table {
            self.write(&format!("\n{summary}"))?;
        } else {
            eprint!("{summary}");
        }
        match self.out.flush() {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(output_failure(e)),
            _ => {}
        }
        Ok(ExitCode::from(match self.summary {
            ReplaySummary { errors: 1.., .. } => 2,
            ReplaySummary { changed: 1.., .. } => 1,
            _ => 0,
        }))
    }
}

/// Lines replayed at a time, split between the cores; bounds memory whatever the file's size.
const CHUNK: usize = 8192;

/// Replay a JSON Lines file of stored decisions (`-` is standard input), streaming.
pub fn replay_file(
    book: &Rulebook,
    path: &str,
    format: ReplayFormat,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(|e| {
            let error = Error::from(ErrorKind::Io {
                path: path.to_owned(),
                detail: e.to_string(),
            });
            Failure::Input(Box::new(InputError::in_file(path, error)))
        })?;
        Box::new(std::io::BufReader::with_capacity(1 << 20, file))
    };
    let mut sink = Sink::new(format, lang)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut lines = reader.split(b'\n').enumerate();
    let mut chunk: Vec<(u64, Result<String, Error>)> = Vec::with_capacity(CHUNK);
    loop {
        chunk.clear();
        for (i, line) in lines.by_ref() {
            let line = line
                .map_err(|e| {
                    Error::from(ErrorKind::Io {
                        path: path.to_owned(),
                        detail: e.to_string(),
                    })
                })
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| {
                        Error::from(ErrorKind::InvalidJson {
                            detail: "the line is not UTF-8".to_owned(),
                        })
                    })
                });
            if line.as_ref().is_ok_and(|l| l.trim().is_empty()) {
                continue;
            }
            chunk.push((i as u64 + 1, line));
            if chunk.len() == CHUNK {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let per_worker = chunk.len().div_ceil(workers);
        let results: Vec<Vec<shenfu_rules::Result<Option<Flip>>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .chunks(per_worker)
                .map(|part| {
                    scope.spawn(move || {
                        let mut replayer = Replayer::new(book);
                        part.iter()
                            .map(|(_, line)| {
                                let line = line.as_ref().map_err(Clone::clone)?;
                                replayer.replay(&StoredDecision::from_json_line(line)?)
                            })
                            .collect()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .map_err(|_| Failure::Message("a replay worker stopped".to_owned()))
                })
                .collect::<Result<_, Failure>>()
        })?;
        for ((number, _), replayed) in chunk.iter().zip(results.into_iter().flatten()) {
            let origin = || Origin {
                file: path.to_owned(),
                place: Place::Line(*number),
            };
            sink.take(origin, replayed)?;
        }
    }
    sink.finish()
}

/// Replay every decision of the log, in `seq` order.
pub fn replay_log(
    book: &Rulebook,
    database: &str,
    format: ReplayFormat,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let mut sink = Sink::new(format, lang)?;
    let mut replayer = Replayer::new(book);
    crate::service::each_logged(database, |entry| {
        let stored = StoredDecision {
            decision_id: Some(Cow::Borrowed(&entry.decision_id)),
            subject_id: entry.subject_id.as_deref().map(Cow::Borrowed),
            year: entry.year,
            input: Cow::Borrowed(&entry.input),
            report: Cow::Borrowed(&entry.report),
        };
        let origin = || Origin {
            file: database.to_owned(),
            place: Place::Seq(entry.seq),
        };
        sink.take(origin, replayer.replay(&stored))
    })?;
    sink.finish()
}
