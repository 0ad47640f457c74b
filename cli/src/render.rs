//! The machine formats of `shenfu assess`, written as projects come: the core's canonical JSON
//! untouched, or the core's batch rows as CSV. What people read is the core's
//! (`shenfu_rules::present::text`); this module only picks the language and writes bytes.

use shenfu_rules::Rulebook;
use shenfu_rules::batch::{Cell, Detail, RowShape, push_csv_row};

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

/// Writes reports (or, in report-errors mode, errors) as they come, so a batch of any size runs
/// in constant memory.
pub struct Sink<'r> {
    kind: SinkKind,
    shape: RowShape<'r>,
    started: bool,
    /// The next row's position in the batch (0-based, across every input file).
    row: u64,
    outcomes: Vec<shenfu_rules::RowOutcome>,
    /// The report or CSV record being written, reused.
    text: String,
    /// A cell's text on its way into a CSV record.
    scratch: String,
}

impl<'r> Sink<'r> {
    pub fn new(book: &'r Rulebook, kind: SinkKind, with_errors: bool) -> Self {
        Self {
            kind,
            shape: RowShape::new(book, Detail::Full, with_errors),
            started: false,
            row: 0,
            outcomes: Vec::new(),
            text: String::new(),
            scratch: String::new(),
        }
    }

    fn start(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.started {
            if self.kind == SinkKind::Json {
                out.write_all(b",")?;
            }
            return Ok(());
        }
        self.started = true;
        match self.kind {
            SinkKind::Json => out.write_all(b"["),
            SinkKind::Jsonl => Ok(()),
            SinkKind::Csv => {
                let names: Vec<String> = self.shape.columns().into_iter().map(|c| c.name).collect();
                let header: Vec<Cell<'_>> = names.iter().map(|n| Cell::Text(n)).collect();
                self.write_csv(out, &header)
            }
        }
    }

    /// Assess one project and write it; the eligibility, or the engine's error (nothing
    /// written then).
    pub fn project(
        &mut self,
        out: &mut impl std::io::Write,
        book: &Rulebook,
        project: &shenfu_rules::Project,
        options: shenfu_rules::Options,
    ) -> Result<std::io::Result<bool>, shenfu_rules::Error> {
        // A project the engine refuses is counted by `error`, which writes its row.
        let row = self.row;
        match self.kind {
            SinkKind::Json | SinkKind::Jsonl => {
                // One buffer for every report of the batch: the writer appends, nothing else
                // is allocated per project.
                let mut text = std::mem::take(&mut self.text);
                text.clear();
                let written = book.write_assessment(project, options, &mut text);
                let result = written.map(|eligible| {
                    self.row += 1;
                    self.start(out).and_then(|()| {
                        out.write_all(text.as_bytes())?;
                        if self.kind == SinkKind::Jsonl {
                            out.write_all(b"\n")?;
                        }
                        Ok(eligible)
                    })
                });
                self.text = text;
                result
            }
            SinkKind::Csv => {
                let mut outcomes = std::mem::take(&mut self.outcomes);
                let evaluated = book.evaluate(project, options, &mut outcomes);
                let eligible = match evaluated {
                    Ok(eligible) => eligible,
                    Err(e) => {
                        self.outcomes = outcomes;
                        return Err(e);
                    }
                };
                self.row += 1;
                let mut cells = Vec::new();
                self.shape
                    .project_row(row, project, eligible, &outcomes, &mut cells);
                let written = self
                    .start(out)
                    .and_then(|()| self.write_csv(out, &cells))
                    .map(|()| eligible);
                drop(cells);
                self.outcomes = outcomes;
                Ok(written)
            }
        }
    }

    /// Write a bad row's canonical error in its place; a CSV row keeps the project's `id` and
    /// `name` as given (`subject`).
    pub fn error(
        &mut self,
        out: &mut impl std::io::Write,
        error: &shenfu_rules::Error,
        subject: &[Option<String>; 2],
    ) -> std::io::Result<()> {
        let row = self.row;
        self.row += 1;
        self.start(out)?;
        match self.kind {
            SinkKind::Json => out.write_all(error.to_canonical_json().as_bytes()),
            SinkKind::Jsonl => {
                out.write_all(error.to_canonical_json().as_bytes())?;
                out.write_all(b"\n")
            }
            SinkKind::Csv => {
                let line = error.location.map(|l| l.line as u64);
                let mut cells = Vec::new();
                let subject = subject
                    .each_ref()
                    .map(|s| s.as_deref().map_or(Cell::Null, Cell::Text));
                self.shape.error_row(row, subject, error, line, &mut cells);
                self.write_csv(out, &cells)
            }
        }
    }

    /// One CSV record through the sink's reused buffers.
    fn write_csv(
        &mut self,
        out: &mut impl std::io::Write,
        cells: &[Cell<'_>],
    ) -> std::io::Result<()> {
        self.text.clear();
        push_csv_row(&mut self.text, cells, &mut self.scratch);
        out.write_all(self.text.as_bytes())
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
