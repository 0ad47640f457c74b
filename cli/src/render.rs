//! The machine formats of `shenfu assess`, written as projects come: the core's canonical JSON
//! untouched, or the core's batch rows as CSV. What people read is the core's
//! (`shenfu_rules::present::text`); this module only picks the language and writes bytes.

pub use crate::input::Record;
use crate::input::{InputError, ProjectBlocks};
use shenfu_rules::batch::{Cell, CsvRecord, Detail, Judge, RowShape, push_csv_row};
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
    /// Read, and refused by the engine. With errors reported in place, its row is written.
    Bad(Box<InputError>),
    /// Refused by the reader (not a project at all), written as [`Done::Bad`] is.
    Unread(Box<InputError>),
}

/// Writes reports (or, in report-errors mode, errors) and CSV rows in order, so a batch of any
/// size runs in constant memory: a block's CSV rows on the threads that parsed them
/// ([`Sink::block`]), each piece into its own buffer, then the buffers in order; reports in
/// small jobs on every core, each job out as soon as those before it are ([`Sink::chunk`]).
pub struct Sink<'r> {
    kind: SinkKind,
    shape: RowShape<'r>,
    started: bool,
    /// The next row's position in the batch (0-based, across every input file).
    row: u64,
    workers: Vec<Mutex<Worker>>,
    /// Reports' workers (buffers), reused from job to job ([`Sink::chunk`]).
    spare: Vec<Worker>,
    /// What was written, kept in memory instead ([`Sink::holding`]): each worker's buffer as it
    /// filled, moved here whole (copying and growing one buffer was a tenth of a CSV run).
    held: Option<Vec<String>>,
}

/// What every record of a chunk is written with.
#[derive(Clone, Copy)]
struct Batch<'a> {
    kind: SinkKind,
    shape: RowShape<'a>,
    book: &'a Rulebook,
    options: shenfu_rules::Options,
}

/// One piece's (or one job's) reused buffers.
#[derive(Default)]
struct Worker {
    judge: Judge,
    /// What this worker wrote for its part of a block or its job: each report and CSV record is
    /// written straight into it (a report is 4–8 KB; copying it once more was a tenth of a run).
    out: String,
    done: Vec<Done>,
    /// Whether a bad record stopped this worker's last job (reports, written by
    /// [`crate::ordered`]).
    stopped: bool,
}

/// Records per thread in a chunk of records read from a stream that is not cut into blocks (a
/// JSON document's projects, a file held in memory): bounds what is read ahead of the output.
pub const CHUNK: usize = 512;

/// Reports a job writes ([`Sink::chunk`]): about 250 KB, which is still in cache when it
/// is written out.
pub const PER_JOB: usize = 48;

impl<'r> Sink<'r> {
    pub fn new(book: &'r Rulebook, kind: SinkKind, with_errors: bool) -> Self {
        Self {
            kind,
            shape: RowShape::new(book, Detail::Full, with_errors),
            started: false,
            row: 0,
            // One a piece of a block (`blocks::pieces`).
            workers: (0..crate::blocks::pieces(shenfu_rules::batch::threads()))
                .map(|_| Mutex::default())
                .collect(),
            spare: Vec::new(),
            held: None,
        }
    }

    /// Whether a block's worth of output (8 MB of input) is small enough to hold per thread:
    /// CSV rows, not reports.
    pub fn small_rows(&self) -> bool {
        self.kind == SinkKind::Csv
    }

    /// A sink that keeps what it writes in memory ([`Sink::held`]), whatever writer it is given.
    pub fn holding(mut self) -> Self {
        self.held = Some(Vec::new());
        self
    }

    /// Bytes kept so far by a holding sink.
    pub fn held_bytes(&self) -> usize {
        self.held.iter().flatten().map(String::len).sum()
    }

    /// What a holding sink kept, in order.
    pub fn held(&mut self) -> Vec<String> {
        self.held.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// `text` out, or kept by a holding sink.
    fn put(&mut self, out: &mut impl std::io::Write, text: String) -> std::io::Result<()> {
        match &mut self.held {
            Some(held) => {
                held.push(text);
                Ok(())
            }
            None => out.write_all(text.as_bytes()),
        }
    }

    /// How many records are read ahead of the output from a stream that is not cut into blocks
    /// (a few hundred per thread): enough to keep every core busy.
    pub fn chunk_size(&self) -> usize {
        CHUNK * shenfu_rules::batch::threads()
    }

    fn start(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let head = match self.kind {
            SinkKind::Json => "[".to_owned(),
            SinkKind::Jsonl => return Ok(()),
            SinkKind::Csv => {
                let names: Vec<String> = self.shape.columns().into_iter().map(|c| c.name).collect();
                let header: Vec<Cell<'_>> = names.iter().map(|n| Cell::Text(n)).collect();
                let mut line = String::new();
                push_csv_row(&mut line, &header);
                line
            }
        };
        self.put(out, head)
    }

    /// Assess and write `records`, in order, [`PER_JOB`] at a time on every core: [`Sink::pieces`]
    /// of one piece.
    pub fn chunk(
        &mut self,
        out: &mut impl std::io::Write,
        book: &Rulebook,
        options: shenfu_rules::Options,
        records: Vec<Record>,
    ) -> std::io::Result<Vec<Done>> {
        self.pieces(out, book, options, &[records])
    }

    /// Assess and write the records of `pieces` (a block's, as they were parsed, or every piece
    /// fail mode held: nothing gathered into one vector first), in order, [`PER_JOB`] at a time
    /// on every core in one run — threads started once, not once a piece, and no core idle at
    /// each piece's end — each job's reports going out as soon as it and every job before it
    /// are done (so reports, 4–8 KB each, are held at most 64 jobs at a time — 12–25 MB while a
    /// core or the reader of the output is held up, a few MB otherwise — whatever the pieces
    /// hold); what became of each record.
    /// Without errors reported in place, the first bad record ends the run: nothing of its job
    /// is written, and it is the last entry returned. The records stay the caller's, to read
    /// the next block into ([`ProjectBlocks::give_back`]) or to free
    /// ([`free_apart`](crate::blocks::free_apart)).
    pub fn pieces(
        &mut self,
        out: &mut impl std::io::Write,
        book: &Rulebook,
        options: shenfu_rules::Options,
        pieces: &[Vec<Record>],
    ) -> std::io::Result<Vec<Done>> {
        self.start(out)?;
        let batch = Batch {
            kind: self.kind,
            shape: self.shape,
            book,
            options,
        };
        // Each job's records and the row of its first.
        let mut jobs: Vec<(&[Record], u64)> = Vec::new();
        let mut row = self.row;
        for records in pieces.iter().flat_map(|piece| piece.chunks(PER_JOB)) {
            jobs.push((records, row));
            row += records.len() as u64;
        }
        let count = row - self.row;
        let mut done = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        let (mut written, mut stopped) = (Ok(()), false);
        let held = &mut self.held;
        // A few records are written on this thread: starting threads would cost more.
        let threads = if count < shenfu_rules::batch::PARALLEL_FROM as u64 {
            1
        } else {
            shenfu_rules::batch::threads()
        };
        crate::ordered::in_order_as_done(
            jobs.len(),
            threads,
            &mut self.spare,
            |job, worker: &mut Worker| {
                let (records, first_row) = jobs.get(job).copied().unwrap_or((&[], 0));
                worker.stopped = worker.part(&batch, first_row, records);
            },
            |worker| {
                done.append(&mut worker.done);
                stopped = worker.stopped;
                if !stopped {
                    written = match held {
                        Some(held) => {
                            let room = String::with_capacity(worker.out.capacity());
                            held.push(std::mem::replace(&mut worker.out, room));
                            Ok(())
                        }
                        None => out.write_all(worker.out.as_bytes()),
                    };
                }
                !stopped && written.is_ok()
            },
        );
        written?;
        if !stopped {
            self.row += count;
        }
        Ok(done)
    }

    // A block's error ends the run (exit 2): its size on that path costs nothing worth boxing.
    #[allow(clippy::result_large_err)]
    /// Assess and write the next block of `blocks`, each piece on the thread that parsed it
    /// (nothing moved between threads; the lists handed back to `blocks`, to read the next
    /// block into); what became of each record, as [`Sink::chunk`] says. `None` at the end.
    pub fn block(
        &mut self,
        out: &mut impl std::io::Write,
        book: &Rulebook,
        options: shenfu_rules::Options,
        blocks: &mut ProjectBlocks,
    ) -> Result<Option<std::io::Result<Vec<Done>>>, InputError> {
        let first_row = self.row;
        let parts = blocks.next_block_with(|i, before, records| {
            let stopped = self.part(i, first_row + before as u64, book, options, &records);
            (stopped, records)
        })?;
        // The header only once the block is read: a file refused whole (its CSV header) leaves
        // nothing written.
        Ok(parts.map(|parts| {
            self.start(out)?;
            let rows = parts.iter().map(|(_, records)| records.len()).sum();
            let (stopped, pieces): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
            blocks.give_back(pieces);
            self.emit(out, stopped, rows)
        }))
    }

    /// Assess and write `records` (rows from `first_row`) into worker `i`'s buffer, on the
    /// calling thread; whether a bad record stopped it.
    fn part(
        &self,
        i: usize,
        first_row: u64,
        book: &Rulebook,
        options: shenfu_rules::Options,
        records: &[Record],
    ) -> bool {
        let Some(Ok(mut worker)) = self.workers.get(i).map(Mutex::lock) else {
            return false;
        };
        let batch = Batch {
            kind: self.kind,
            shape: self.shape,
            book,
            options,
        };
        worker.part(&batch, first_row, records)
    }

    /// The workers' buffers out in order, up to the first that a bad record stopped; what
    /// became of each record. `rows`: how many the parts held.
    fn emit(
        &mut self,
        out: &mut impl std::io::Write,
        stopped: Vec<bool>,
        rows: usize,
    ) -> std::io::Result<Vec<Done>> {
        let mut done = Vec::with_capacity(rows);
        for (worker, stopped) in self.workers.iter_mut().zip(stopped) {
            let Ok(worker) = worker.get_mut() else { break };
            done.append(&mut worker.done);
            if stopped {
                return Ok(done);
            }
            match &mut self.held {
                Some(held) => {
                    let room = String::with_capacity(worker.out.capacity());
                    held.push(std::mem::replace(&mut worker.out, room));
                }
                None => out.write_all(worker.out.as_bytes())?,
            }
        }
        self.row += rows as u64;
        Ok(done)
    }

    pub fn finish(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match (self.kind, self.started) {
            (SinkKind::Json, true) => self.put(out, "]\n".to_owned()),
            (SinkKind::Json, false) => self.put(out, "[]\n".to_owned()),
            (SinkKind::Csv, false) => self.start(out),
            _ => Ok(()),
        }
    }
}

impl Worker {
    /// Assess and write `records` (rows from `first_row`) into this worker's emptied buffer;
    /// whether a bad record stopped it.
    fn part(&mut self, batch: &Batch<'_>, first_row: u64, records: &[Record]) -> bool {
        self.out.clear();
        self.done.clear();
        for (r, record) in records.iter().enumerate() {
            let done = self.record(batch, first_row + r as u64, record);
            let stop = !matches!(done, Done::Assessed(_)) && !batch.shape.errors;
            self.done.push(done);
            if stop {
                return true;
            }
        }
        false
    }

    /// Assess one record and write it at `row` (a bad one too, when errors are reported in
    /// place).
    fn record(&mut self, batch: &Batch<'_>, row: u64, record: &Record) -> Done {
        let (bad, read) = match record {
            Ok((origin, project)) => match self.project(batch, row, project) {
                Ok(verdict) => return Done::Assessed(verdict),
                Err(error) => {
                    let subject = [project.id.clone(), project.name.clone()];
                    let origin = Some(origin.clone());
                    (
                        InputError {
                            origin,
                            error,
                            subject,
                        },
                        true,
                    )
                }
            },
            Err(e) => (e.clone(), false),
        };
        if batch.shape.errors {
            self.error(batch, row, &bad);
        }
        if read {
            Done::Bad(Box::new(bad))
        } else {
            Done::Unread(Box::new(bad))
        }
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
                let mut record = CsvRecord::new(&mut self.out);
                let verdict =
                    batch
                        .shape
                        .judge(row, project, batch.options, &mut self.judge, &mut record)?;
                record.end();
                Ok(verdict)
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
                push_csv_row(&mut self.out, &cells);
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
    let mut line = String::new();
    for cells in rows {
        line.clear();
        push_csv_row(&mut line, cells);
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Origin, Place};
    use shenfu_rules::ErrorKind;

    #[allow(clippy::result_large_err)] // a record as the reader makes it
    fn record(line: u64, bad: bool) -> Record {
        let origin = Origin {
            file: "t.jsonl".into(),
            place: Place::Line(line),
        };
        if bad {
            return Err(InputError {
                origin: Some(origin),
                error: shenfu_rules::Error::from(ErrorKind::MissingField).at("industry"),
                subject: [None, None],
            });
        }
        let project = Project::from_json_str(&format!(
            r#"{{"id":"P-{line}","industry":"智能制造",
                "fixed_asset_investment":{{"value":"20000","unit":"万元"}},
                "land_area":{{"value":"50","unit":"亩"}},"annual_tax":{{"value":"3000","unit":"万元"}}}}"#
        ))
        .unwrap();
        Ok((origin, project))
    }

    /// Without errors reported in place, a bad record ends the run even as its piece's last
    /// record: nothing of its job is written, and no later piece is.
    #[test]
    fn a_bad_last_record_of_a_piece_stops_the_pieces_after_it() {
        let book = Rulebook::embedded();
        let run = |errors: bool, out: &mut Vec<u8>| {
            let pieces = vec![
                vec![record(1, false), record(2, true)],
                vec![record(3, false)],
            ];
            Sink::new(book, SinkKind::Jsonl, errors)
                .pieces(out, book, shenfu_rules::Options::default(), &pieces)
                .unwrap()
        };
        let mut out = Vec::new();
        let done = run(false, &mut out);
        assert_eq!(done.len(), 2);
        assert!(matches!(done.last(), Some(Done::Unread(_))));
        assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
        // Reported in place, every record is written, the bad one as its error.
        let done = run(true, &mut out);
        assert_eq!(done.len(), 3);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(
            text.lines()
                .nth(1)
                .is_some_and(|l| l.contains("missing_field"))
        );
        assert!(text.lines().nth(2).is_some_and(|l| l.contains("\"P-3\"")));
    }
}
