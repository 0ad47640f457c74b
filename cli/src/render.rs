//! The machine formats of `shenfu assess`, written as projects come: the core's canonical JSON
//! untouched, or the core's batch rows as CSV. What people read is the core's
//! (`shenfu_rules::present::text`); this module only picks the language and writes bytes.

use crate::input::InputError;
pub use crate::input::Record;
use shenfu_rules::batch::{
    Cell, Detail, Judge, RowShape, in_order, push_csv_row, ranges, recycled,
};
use shenfu_rules::{Project, Rulebook, Verdict};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The core's language pick, for every label and sentence the core words.
    pub fn core(self) -> shenfu_rules::present::Lang {
        match self {
            Lang::Zh => shenfu_rules::present::Lang::Zh,
            Lang::En => shenfu_rules::present::Lang::En,
        }
    }
}

/// The machine formats of `shenfu assess`, written one project at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkKind {
    /// One JSON array of canonical reports.
    Json,
    /// One canonical report per line.
    Jsonl,
    /// One row per project, the core's batch row (`shenfu_rules::batch`): the same columns and
    /// cells as Python's `assess_many`.
    Csv,
}

/// What became of one record.
pub enum Done {
    /// Assessed and written; the verdict.
    Assessed(Verdict),
    /// Refused by the reader or the engine. With errors reported in place, its row is written.
    Bad(Box<InputError>),
}

/// Writes reports (or, in report-errors mode, errors) a chunk of records at a time, in order,
/// so a batch of any size runs in constant memory. A chunk's records are assessed and written
/// on every core (each thread into its own buffer), then the buffers go out in order.
pub struct Sink<'r> {
    kind: SinkKind,
    shape: RowShape<'r>,
    started: bool,
    /// The next row's position in the batch (0-based, across every input file).
    row: u64,
    workers: Vec<Mutex<Worker>>,
}

/// What every record of a chunk is written with.
#[derive(Clone, Copy)]
struct Batch<'a> {
    kind: SinkKind,
    shape: RowShape<'a>,
    book: &'a Rulebook,
    options: shenfu_rules::Options,
}

/// One thread's reused buffers.
#[derive(Default)]
struct Worker {
    judge: Judge,
    /// A cell's text on its way into a CSV record.
    scratch: String,
    /// Room for a CSV record's cells, reused ([`recycled`]).
    cells: Vec<Cell<'static>>,
    /// What this thread wrote for its part of the chunk: each report and CSV record is written
    /// straight into it (a report is 8.5 KB; copying it once more was a tenth of a run).
    out: String,
    done: Vec<Done>,
}

/// Records per thread in a chunk read from a stream (a block of JSON Lines or CSV holds what
/// it holds: 8 MB).
pub const CHUNK: usize = 512;

impl<'r> Sink<'r> {
    pub fn new(book: &'r Rulebook, kind: SinkKind, with_errors: bool) -> Self {
        Self {
            kind,
            shape: RowShape::new(book, Detail::Full, with_errors),
            started: false,
            row: 0,
            workers: (0..shenfu_rules::batch::threads())
                .map(|_| Mutex::default())
                .collect(),
        }
    }

    /// How many records a chunk read from a stream should hold: a few hundred per thread (a JSON report is 8.5 KB,
    /// so memory stays at a few MB), enough to keep every core busy.
    pub fn chunk_size(&self) -> usize {
        CHUNK * self.workers.len()
    }

    fn start(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        match self.kind {
            SinkKind::Json => out.write_all(b"["),
            SinkKind::Jsonl => Ok(()),
            SinkKind::Csv => {
                let names: Vec<String> = self.shape.columns().into_iter().map(|c| c.name).collect();
                let header: Vec<Cell<'_>> = names.iter().map(|n| Cell::Text(n)).collect();
                write_csv_rows(out, [header.as_slice()])
            }
        }
    }

    /// Assess and write `records`, in order; what became of each. Without errors reported in
    /// place, the first bad record ends the chunk: nothing of it is written, and it is the last
    /// entry returned.
    pub fn chunk(
        &mut self,
        out: &mut impl std::io::Write,
        book: &Rulebook,
        options: shenfu_rules::Options,
        records: Vec<Record>,
    ) -> std::io::Result<Vec<Done>> {
        self.start(out)?;
        let first_row = self.row;
        let batch = Batch {
            kind: self.kind,
            shape: self.shape,
            book,
            options,
        };
        // One part per worker (`ranges` makes at most as many as there are threads).
        let parts = ranges(records.len());
        let workers = &self.workers;
        let stopped = in_order(&parts, |i, range| {
            let Some(Ok(mut worker)) = workers.get(i).map(Mutex::lock) else {
                return false;
            };
            worker.out.clear();
            worker.done.clear();
            for r in range.clone() {
                let Some(record) = records.get(r) else { break };
                let done = worker.record(&batch, first_row + r as u64, record);
                let stop = matches!(done, Done::Bad(_)) && !batch.shape.errors;
                worker.done.push(done);
                if stop {
                    return true;
                }
            }
            false
        });
        let mut done = Vec::with_capacity(records.len());
        for (worker, stopped) in self.workers.iter_mut().zip(stopped) {
            let Ok(worker) = worker.get_mut() else { break };
            done.append(&mut worker.done);
            if stopped {
                return Ok(done);
            }
            out.write_all(worker.out.as_bytes())?;
        }
        self.row += records.len() as u64;
        Ok(done)
    }

    pub fn finish(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match (self.kind, self.started) {
            (SinkKind::Json, true) => out.write_all(b"]\n"),
            (SinkKind::Json, false) => out.write_all(b"[]\n"),
            (SinkKind::Csv, false) => self.start(out),
            _ => Ok(()),
        }
    }
}

impl Worker {
    /// Assess one record and write it at `row` (a bad one too, when errors are reported in
    /// place).
    fn record(&mut self, batch: &Batch<'_>, row: u64, record: &Record) -> Done {
        let bad = match record {
            Ok((origin, project)) => match self.project(batch, row, project) {
                Ok(verdict) => return Done::Assessed(verdict),
                Err(error) => InputError {
                    origin: Some(origin.clone()),
                    error,
                    subject: [project.id.clone(), project.name.clone()],
                },
            },
            Err(e) => e.clone(),
        };
        if batch.shape.errors {
            self.error(batch, row, &bad);
        }
        Done::Bad(Box::new(bad))
    }

    /// A project's report or CSV record, appended to `out`; the verdict, or the engine's
    /// error (nothing written then).
    fn project(
        &mut self,
        batch: &Batch<'_>,
        row: u64,
        project: &Project,
    ) -> Result<Verdict, shenfu_rules::Error> {
        match batch.kind {
            SinkKind::Json | SinkKind::Jsonl => {
                let mark = self.out.len();
                self.separate(batch.kind, row);
                // The writer judges before it writes: on an error it has written nothing, and
                // the separator goes too.
                let written = batch
                    .book
                    .write_assessment(project, batch.options, &mut self.out);
                match written {
                    Ok(_) => self.end(batch.kind),
                    Err(_) => self.out.truncate(mark),
                }
                written
            }
            SinkKind::Csv => {
                let mut cells = recycled(std::mem::take(&mut self.cells));
                let judged =
                    batch
                        .shape
                        .judge(row, project, batch.options, &mut self.judge, &mut cells);
                if judged.is_ok() {
                    push_csv_row(&mut self.out, &cells, &mut self.scratch);
                }
                self.cells = recycled(cells);
                judged
            }
        }
    }

    /// A bad row's canonical error in its place; a CSV row keeps the project's `id` and `name`
    /// as given.
    fn error(&mut self, batch: &Batch<'_>, row: u64, bad: &InputError) {
        let error = bad.located_error();
        match batch.kind {
            SinkKind::Json | SinkKind::Jsonl => {
                self.separate(batch.kind, row);
                self.out.push_str(&error.to_canonical_json());
                self.end(batch.kind);
            }
            SinkKind::Csv => {
                let line = error.location.map(|l| l.line as u64);
                let subject = bad
                    .subject
                    .each_ref()
                    .map(|s| s.as_deref().map_or(Cell::Null, Cell::Text));
                let mut cells = Vec::new();
                batch
                    .shape
                    .error_row(row, subject, &error, line, &mut cells);
                push_csv_row(&mut self.out, &cells, &mut self.scratch);
            }
        }
    }

    /// Before the JSON value at `row`: a comma in an array after the first.
    fn separate(&mut self, kind: SinkKind, row: u64) {
        if kind == SinkKind::Json && row > 0 {
            self.out.push(',');
        }
    }

    /// After a JSON value: its line's end in JSON Lines.
    fn end(&mut self, kind: SinkKind) {
        if kind == SinkKind::Jsonl {
            self.out.push('\n');
        }
    }
}

/// CSV rows written through one reused line: the core's record writer, then one write.
pub fn write_csv_rows<'a>(
    out: &mut impl std::io::Write,
    rows: impl IntoIterator<Item = &'a [Cell<'a>]>,
) -> std::io::Result<()> {
    let (mut line, mut scratch) = (String::new(), String::new());
    for cells in rows {
        line.clear();
        push_csv_row(&mut line, cells, &mut scratch);
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}
