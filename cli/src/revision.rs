//! `shenfu diff` and `shenfu replay`: what a plan revision changes — in the rulebook, and in the
//! decisions already taken under it.

use crate::blocks::{Blocks, Cut, split_at_lines};
use crate::input::{InputError, Origin, Place};
use crate::render::Lang;
use crate::{Failure, output_failure, write_stdout};
use shenfu_rules::batch::push_csv_row;
use shenfu_rules::present::revision;
use shenfu_rules::present::revision::FLIP_COLUMNS;
use shenfu_rules::replay::{Flip, ReplaySummary, Replayer, StoredDecision};
use shenfu_rules::{Error, ErrorKind, Rulebook, Verdict};
use std::borrow::Cow;
use std::io::{Read, Write};
use std::process::ExitCode;

/// `@embedded` names the embedded plan, anything else a TOML file.
pub const EMBEDDED: &str = "@embedded";

/// A rulebook by name: `@embedded`, or a TOML file (its errors with the file and line).
pub(crate) fn load(path: &str) -> Result<Cow<'static, Rulebook>, Failure> {
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

/// One stored decision replayed, with a flip already written in the output format (by the
/// worker that replayed it, so the writer only copies bytes).
enum Replayed {
    Same,
    Changed {
        old: Verdict,
        new: Verdict,
        text: String,
    },
    Failed(Error),
}

impl Replayed {
    fn of(replayed: shenfu_rules::Result<Option<Flip>>, format: ReplayFormat, lang: Lang) -> Self {
        match replayed {
            Ok(None) => Self::Same,
            Ok(Some(flip)) => Self::Changed {
                old: Verdict::of_eligible(flip.old_eligible),
                new: Verdict::of_eligible(flip.new_eligible),
                text: render(&flip, format, lang),
            },
            Err(error) => Self::Failed(error),
        }
    }
}

/// A flip as `format` writes it.
fn render(flip: &Flip, format: ReplayFormat, lang: Lang) -> String {
    match format {
        ReplayFormat::Table => revision::flip(flip, lang.core()),
        ReplayFormat::Jsonl => flip.to_canonical_json() + "\n",
        ReplayFormat::Csv => {
            let mut out = String::new();
            for row in flip.rows() {
                push_csv_row(&mut out, &row);
            }
            out
        }
    }
}

/// Where replayed decisions go: one writer for every source.
struct Sink {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    format: ReplayFormat,
    lang: Lang,
    summary: ReplaySummary,
    bar: indicatif::ProgressBar,
}

impl Sink {
    fn new(format: ReplayFormat, lang: Lang) -> Result<Self, Failure> {
        let mut sink = Self {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            format,
            lang,
            summary: ReplaySummary::default(),
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

    /// Count one replayed decision, write it if it changed, report it on stderr if it failed.
    fn take(&mut self, origin: impl FnOnce() -> Origin, replayed: Replayed) -> Result<(), Failure> {
        self.bar.inc(1);
        match replayed {
            Replayed::Same => {
                self.summary.unchanged();
                Ok(())
            }
            Replayed::Changed { old, new, text } => {
                self.summary.changed(old, new);
                self.write(&text)
            }
            Replayed::Failed(error) => {
                self.summary.failed();
                let error = InputError {
                    origin: Some(origin()),
                    error,
                    subject: [None, None],
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
    /// code: 2 when a decision could not be replayed, 1 when one changed, else 0.
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

/// Replay a JSON Lines file of stored decisions (`-` is standard input), streaming: while the
/// workers check, cut and replay the lines of one block, the main thread reads the next; the
/// results are written in file order.
pub fn replay_file(
    book: &Rulebook,
    path: &str,
    format: ReplayFormat,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let io_error = |e: std::io::Error| {
        let error = Error::from(ErrorKind::Io {
            path: path.to_owned(),
            detail: e.to_string(),
        });
        Failure::Input(Box::new(InputError::in_file(path, error)))
    };
    let reader: Box<dyn Read + Send> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(io_error)?)
    };
    let mut blocks = Blocks::new(reader, Cut::Lines);
    let mut sink = Sink::new(format, lang)?;
    let workers = shenfu_rules::batch::threads();
    let mut line_base = 0u64;
    let (mut block, mut next) = (Vec::new(), Vec::new());
    let mut more = blocks.fill(&mut block).map_err(io_error)?;
    while more {
        let (results, filled) = std::thread::scope(|scope| {
            let handles: Vec<_> = split_at_lines(&block, workers)
                .into_iter()
                .map(|part| scope.spawn(move || replay_part(book, part, format, lang)))
                .collect();
            let filled = blocks.fill(&mut next);
            let results = handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .map_err(|_| Failure::Message("a replay worker stopped".to_owned()))
                })
                .collect::<Result<Vec<_>, Failure>>();
            (results, filled)
        });
        for (lines, replayed) in results? {
            for (line, result) in replayed {
                let origin = || Origin {
                    file: path.into(),
                    place: Place::Line(line_base + line),
                };
                sink.take(origin, result)?;
            }
            line_base += lines;
        }
        more = filled.map_err(io_error)?;
        std::mem::swap(&mut block, &mut next);
    }
    sink.finish()
}

/// What one worker replays: the number of line ends in its piece, and each non-blank line's
/// result with its 1-based line number within the piece.
type Part = (u64, Vec<(u64, Replayed)>);

fn replay_part(book: &Rulebook, bytes: &[u8], format: ReplayFormat, lang: Lang) -> Part {
    let mut replayer = Replayer::new(book);
    let mut results = Vec::new();
    // Checked as UTF-8 once and cut at line ends by a byte search; only a piece that is not
    // UTF-8 is checked line by line, to name the bad lines.
    let text = simdutf8::basic::from_utf8(bytes).ok();
    let (mut start, mut lines) = (0, 0);
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for (i, end) in ends.enumerate() {
        let line = match text {
            Some(text) => Ok(text.get(start..end).unwrap_or("")),
            None => std::str::from_utf8(bytes.get(start..end).unwrap_or(&[])).map_err(|_| {
                Error::from(ErrorKind::InvalidJson {
                    detail: "the line is not UTF-8".to_owned(),
                })
            }),
        };
        start = end + 1;
        // A piece ends with its line end, which counts here as one more (empty) line.
        lines = i as u64;
        if line.as_ref().is_ok_and(|l| l.trim().is_empty()) {
            continue;
        }
        let replayed = line.and_then(|l| replayer.replay(&StoredDecision::from_json_line(l)?));
        results.push((i as u64 + 1, Replayed::of(replayed, format, lang)));
    }
    (lines, results)
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
            file: database.into(),
            place: Place::Seq(entry.seq),
        };
        sink.take(origin, Replayed::of(replayer.replay(&stored), format, lang))
    })?;
    sink.finish()
}
