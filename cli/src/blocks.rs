//! Reading large line-oriented inputs on every core: the file is read in blocks of whole lines
//! (whole CSV records), each block is cut at line ends into pieces (four per core for `shenfu
//! assess`, one per core for `shenfu replay`), each parsed by whichever thread comes free; the
//! records come back in file order with the lines (and, for
//! CSV, the byte and record positions) they would have had read one by one — so an error names
//! the same line, field and position whichever way the file was read.
//!
//! `shenfu replay` reads stored decisions this way; `shenfu assess` reads JSON Lines and CSV
//! projects this way in both its passes.

// Errors here end the run (exit 2); their size on the unhappy path costs nothing worth boxing.
#![allow(clippy::result_large_err)]

use crate::input::{InputError, Origin, Place};
use shenfu_rules::batch::in_order;
use shenfu_rules::table::ProjectTable;
use shenfu_rules::{Cell, Error, ErrorKind, Project};
use std::io::{Cursor, Read};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};

/// Bytes read at a time, cut after the last line end and split between the cores: bounds memory
/// whatever the file's size (a line longer than this grows the block to hold it).
pub const BLOCK: usize = 8 << 20;

/// Bytes of the first block: nothing is parsed before it is read, so it is small and the cores
/// start within a millisecond; the next block, read meanwhile, is a whole one.
pub const FIRST_BLOCK: usize = 1 << 20;

/// Pieces a block is cut into for `threads` threads: several each, taken as threads come free,
/// so that a core that also reads the next block (or is lent to another process) parses fewer
/// — with one piece each, the other core waited 2–5 ms a block at the barrier.
pub fn pieces(threads: usize) -> usize {
    if threads > 1 { threads * 4 } else { 1 }
}

/// Where the records of a block may be cut: after any line end (JSON Lines, stored decisions),
/// or only after a line end that ends a CSV record (not inside a quoted field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    Lines,
    CsvRecords,
}

/// Blocks of whole lines from a reader, into buffers that are reused (no fresh pages per block).
pub struct Blocks {
    reader: Box<dyn Read + Send>,
    /// The start of a line the last block cut off.
    carry: Vec<u8>,
    at_end: bool,
    cut: Cut,
    /// Bytes the next block reads: [`FIRST_BLOCK`], then [`BLOCK`].
    size: usize,
}

impl Blocks {
    pub fn new(reader: Box<dyn Read + Send>, cut: Cut) -> Self {
        Self {
            reader,
            carry: Vec::new(),
            at_end: false,
            cut,
            size: FIRST_BLOCK,
        }
    }

    /// Fill `block` with whole lines (the very last may lack its line end); false at the end.
    pub fn fill(&mut self, block: &mut Vec<u8>) -> std::io::Result<bool> {
        let size = std::mem::replace(&mut self.size, BLOCK);
        block.clear();
        block.append(&mut self.carry);
        // Room for the whole block at once: grown by doubling as it was read, a fresh buffer
        // was copied and paged in again at each step (16 MB moved for the first 8 MB).
        block.reserve(size);
        while !self.at_end {
            // Read into the block's spare room as it is: no 8 MB of zeros written first.
            let read = (&mut self.reader).take(size as u64).read_to_end(block)?;
            if read == 0 {
                self.at_end = true;
            } else if block.len() >= size {
                let last = match self.cut {
                    Cut::Lines => memchr::memrchr(b'\n', block),
                    Cut::CsvRecords => csv_record_ends(block, 1).1,
                };
                if let Some(i) = last {
                    self.carry
                        .extend_from_slice(block.get(i + 1..).unwrap_or(&[]));
                    block.truncate(i + 1);
                    return Ok(true);
                }
            }
        }
        Ok(!block.is_empty())
    }
}

/// `bytes` (whole lines) in up to `parts` pieces of about equal size, each ending at a line end.
pub fn split_at_lines(bytes: &[u8], parts: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(parts);
    let mut rest = bytes;
    for left in (1..=parts).rev() {
        if left == 1 || rest.is_empty() {
            pieces.push(rest);
            break;
        }
        let target = rest.len() / left;
        let end = rest
            .get(target..)
            .and_then(|tail| memchr::memchr(b'\n', tail))
            .map_or(rest.len(), |i| target + i + 1);
        let (piece, tail) = rest.split_at(end);
        pieces.push(piece);
        rest = tail;
    }
    pieces
}

/// The line ends of `bytes` (which starts at a record's start) that end a CSV record, read as
/// the `csv` crate reads (a quote opens a quoted field only at a field's start; `""` inside one
/// is a quote; a quote elsewhere is a character): the first record end at or after each of
/// `parts - 1` equal cuts, and the last record end.
fn csv_record_ends(bytes: &[u8], parts: usize) -> (Vec<usize>, Option<usize>) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let parts = parts.max(1);
    let mut cuts = Vec::with_capacity(parts);
    let mut next_target = bytes.len() / parts;
    if memchr::memchr(b'"', bytes).is_none() {
        for k in 1..parts {
            let target = bytes.len() * k / parts;
            if let Some(i) = bytes.get(target..).and_then(|t| memchr::memchr(b'\n', t)) {
                cuts.push(target + i);
            }
        }
        cuts.dedup();
        return (cuts, memchr::memrchr(b'\n', bytes));
    }
    let mut state = State::FieldStart;
    let mut last = None;
    for (i, &b) in bytes.iter().enumerate() {
        state = match (state, b) {
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, b'\n') => {
                last = Some(i);
                if parts > 1 && i >= next_target && cuts.len() + 1 < parts {
                    cuts.push(i);
                    next_target = bytes.len() * (cuts.len() + 1) / parts;
                }
                State::FieldStart
            }
            (State::FieldStart, b'"') => State::Quoted,
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, b',' | b'\r') => {
                State::FieldStart
            }
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::QuoteInQuoted, _) => State::Unquoted,
        };
    }
    (cuts, last)
}

/// `bytes` (whole CSV records) in up to `parts` pieces, each ending at a record's end.
fn split_at_records(bytes: &[u8], parts: usize) -> Vec<&[u8]> {
    let (cuts, _) = csv_record_ends(bytes, parts);
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        if cut + 1 > start && cut < bytes.len() {
            pieces.push(bytes.get(start..=cut).unwrap_or(&[]));
            start = cut + 1;
        }
    }
    pieces.push(bytes.get(start..).unwrap_or(&[]));
    pieces
}

/// One record as read: a project with where it came from, or why it could not be read.
pub type Record = Result<(Origin, Project), InputError>;

/// What a CSV file's header fixed: the table reader, the header as read, and its raw bytes (put
/// in front of every piece, so the `csv` crate counts fields against it).
struct CsvHead {
    table: ProjectTable,
    headers: Vec<String>,
    raw: Vec<u8>,
}

enum Kind {
    JsonLines,
    Csv(Option<CsvHead>),
}

/// A JSON Lines or CSV file of projects, read a block at a time on every core; the next block
/// is read while this one's pieces are parsed and used.
pub struct ProjectBlocks {
    blocks: Blocks,
    /// The block to parse next, and the room the one after it is read into.
    block: Vec<u8>,
    next: Vec<u8>,
    /// Whether `block` holds records, once read (`None`: the first block is not read yet). An
    /// error reading ahead waits here until the records before it are used.
    ahead: Option<std::io::Result<bool>>,
    /// Whether the next block is read while this one is used: for a file, not for a stream
    /// (standard input, a pipe), whose reader would hold this block's output back until the
    /// next 8 MB arrive.
    read_ahead: bool,
    first: bool,
    reading: Reading,
}

/// What parsing a block needs to know of the file, and where the next block starts in it.
struct Reading {
    path: String,
    kind: Kind,
    /// Line ends before the current block (after the byte-order mark, if any).
    lines: u64,
    /// Bytes before the current block, after the byte-order mark (the `csv` crate's positions).
    bytes: u64,
    /// CSV records before the current block, the header counted (the `csv` crate's positions).
    records: u64,
    /// Lists of records used and handed back ([`ProjectBlocks::give_back`]), still holding them:
    /// a parsing thread empties one (freeing its records on that core) and fills it again.
    spare: Mutex<Vec<Vec<Record>>>,
}

impl ProjectBlocks {
    /// `csv`: the file is CSV with a header row, else JSON Lines.
    pub fn new(path: &str, reader: Box<dyn Read + Send>, csv: bool) -> Self {
        let cut = if csv { Cut::CsvRecords } else { Cut::Lines };
        Self {
            blocks: Blocks::new(reader, cut),
            block: Vec::new(),
            next: Vec::new(),
            ahead: None,
            read_ahead: path != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file()),
            first: true,
            reading: Reading {
                path: path.to_owned(),
                kind: if csv {
                    Kind::Csv(None)
                } else {
                    Kind::JsonLines
                },
                lines: 0,
                bytes: 0,
                records: 0,
                spare: Mutex::default(),
            },
        }
    }

    fn io(&self, e: &std::io::Error) -> InputError {
        let path = &self.reading.path;
        InputError::in_file(
            path,
            Error::from(ErrorKind::Io {
                path: path.clone(),
                detail: e.to_string(),
            }),
        )
    }

    /// Hand back the lists of records a block came in, once used: the next blocks are read
    /// into them (a streaming run pages in one block's records, not every block's).
    pub fn give_back(&self, pieces: impl IntoIterator<Item = Vec<Record>>) {
        if let Ok(mut spare) = self.reading.spare.lock() {
            spare.extend(pieces);
        }
    }

    /// The next block's records, in file order, parsed on every core; `None` at the end. A CSV
    /// header the table reader refuses is the whole file's error.
    pub fn next_block(&mut self) -> Result<Option<Vec<Record>>, InputError> {
        let parts = self.next_block_with(|_, _, records| records)?;
        Ok(parts.map(|parts| parts.into_iter().flatten().collect()))
    }

    /// The next block, cut into [`pieces`] pieces: each is parsed by whichever thread comes free
    /// and handed there to `job(piece, before, records)`, `before` being how many records the
    /// pieces before it hold; the jobs' answers in file order, `None` at the end (the lists
    /// handed back are then freed apart). Whoever uses the records where they were parsed moves
    /// none of them between threads (`shenfu assess` writes each piece's rows this way). The
    /// block after it is read meanwhile, from a file.
    pub fn next_block_with<R: Send>(
        &mut self,
        job: impl Fn(usize, usize, Vec<Record>) -> R + Sync,
    ) -> Result<Option<Vec<R>>, InputError> {
        let more = match self.ahead.take() {
            Some(more) => more,
            None => self.blocks.fill(&mut self.block),
        };
        let more = more.map_err(|e| self.io(&e))?;
        let mut start = 0;
        if self.first {
            self.first = false;
            if self.block.starts_with(b"\xef\xbb\xbf") {
                start = 3;
            }
            let reading = &mut self.reading;
            if let Kind::Csv(head) = &mut reading.kind {
                let read = read_head(&reading.path, self.block.get(start..).unwrap_or(&[]))?;
                start += read.raw.len();
                reading.bytes = read.raw.len() as u64;
                reading.lines = memchr::memchr_iter(b'\n', &read.raw).count() as u64;
                reading.records = 1;
                *head = Some(read);
            }
        }
        // (An empty CSV file was still read for its header, which it lacks.)
        if !more {
            let spare = self.reading.spare.get_mut().map(std::mem::take);
            free_apart(spare.unwrap_or_default());
            return Ok(None);
        }
        let data = self.block.get(start..).unwrap_or(&[]);
        if !self.read_ahead {
            // The next block is read on the next call, after this one's output is written.
            return Ok(Some(self.reading.parse(data, job)));
        }
        let (blocks, next, reading) = (&mut self.blocks, &mut self.next, &mut self.reading);
        let (answers, ahead) = std::thread::scope(|scope| {
            let ahead = scope.spawn(|| blocks.fill(next));
            let answers = reading.parse(data, job);
            let ahead = ahead
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (answers, ahead)
        });
        std::mem::swap(&mut self.block, &mut self.next);
        self.ahead = Some(ahead);
        Ok(Some(answers))
    }
}

impl Reading {
    /// Parse `data` (whole lines or records) on every core, each piece handed to `job` on the
    /// thread that parsed it; move the positions past it.
    fn parse<R: Send>(
        &mut self,
        data: &[u8],
        job: impl Fn(usize, usize, Vec<Record>) -> R + Sync,
    ) -> Vec<R> {
        let threads = shenfu_rules::batch::threads();
        let parts = pieces(threads);
        let pieces = match self.kind {
            Kind::JsonLines => split_at_lines(data, parts),
            Kind::Csv(Some(_)) => split_at_records(data, parts),
            Kind::Csv(None) => return Vec::new(),
        };
        // Each piece's first line and byte are known before parsing; how many records the
        // pieces before it hold (its first row, and a CSV piece's first record number) only
        // once they are read: the threads read the pieces, each taking the next as it comes
        // free (a core that also reads the next block does fewer), say how many each holds,
        // and wait for one another; then each thread hands its own pieces to `job` (a piece
        // whose CSV error named a record number guessed wrong is read again then).
        let mut starts = Vec::with_capacity(pieces.len());
        let (mut line, mut byte) = (self.lines, self.bytes);
        for piece in &pieces {
            let ends = memchr::memchr_iter(b'\n', piece).count();
            starts.push((*piece, line, byte, ends + 1));
            line += ends as u64;
            byte += piece.len() as u64;
        }
        // Per piece: the records it holds (rows) and the CSV records the `csv` crate counted.
        let held: Vec<_> = starts.iter().map(|_| AtomicU64::new(0)).collect();
        let counted: Vec<_> = starts.iter().map(|_| AtomicU64::new(0)).collect();
        let workers: Vec<()> = vec![(); threads.min(starts.len()).max(1)];
        let read = Barrier::new(workers.len());
        let next = AtomicUsize::new(0);
        let (path, kind, first, spare) = (&self.path, &self.kind, self.records, &self.spare);
        let answers = in_order(&workers, |_, ()| {
            // This thread's pieces, as read (a panic while parsing goes on after the barrier,
            // not leaving the other threads waiting for ever).
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&start) = starts.get(i) else {
                    break;
                };
                let (piece, line, byte, most) = start;
                let parsed =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
                        Kind::Csv(Some(head)) => {
                            let room = room(spare, most);
                            let part = csv_records(path, head, piece, [line, byte, first], room);
                            (part.records, part.count, part.exact)
                        }
                        _ => (json_lines(path, piece, line, room(spare, most)), 0, true),
                    }));
                if let (Ok((records, count, _)), Some(held), Some(counted)) =
                    (&parsed, held.get(i), counted.get(i))
                {
                    held.store(records.len() as u64, Ordering::Relaxed);
                    counted.store(*count, Ordering::Relaxed);
                }
                mine.push((i, start, parsed));
            }
            // The barrier orders these stores before every thread's loads below.
            read.wait();
            let mut answers = Vec::with_capacity(mine.len());
            for (i, (piece, line, byte, _), parsed) in mine {
                let (mut records, count, exact) =
                    parsed.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                let before = |of: &[AtomicU64]| {
                    let of = of.get(..i).unwrap_or(&[]);
                    of.iter().map(|n| n.load(Ordering::Relaxed)).sum::<u64>()
                };
                let record = first + before(&counted);
                if let (Kind::Csv(Some(head)), false) = (kind, exact || record == first) {
                    // Read again into the same room.
                    records.clear();
                    let room = std::mem::take(&mut records);
                    records = csv_records(path, head, piece, [line, byte, record], room).records;
                }
                let rows = usize::try_from(before(&held)).unwrap_or(usize::MAX);
                answers.push((i, job(i, rows, records), count));
            }
            answers
        });
        let mut answers: Vec<(usize, R, u64)> = answers.into_iter().flatten().collect();
        answers.sort_by_key(|(i, _, _)| *i);
        self.records += answers.iter().map(|(_, _, count)| count).sum::<u64>();
        self.lines = line;
        self.bytes = byte;
        answers.into_iter().map(|(_, answer, _)| answer).collect()
    }
}

/// The header record of a CSV file (its first block, after any byte-order mark): the table
/// reader for it and its raw bytes; the errors name line 1, as reading it one by one does.
fn read_head(path: &str, bytes: &[u8]) -> Result<CsvHead, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let table = ProjectTable::new(&headers, &[]).map_err(|e| at(path, 1, e))?;
    let end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
    // The header's line end, when the `csv` crate stopped before it.
    let end = bytes
        .get(end..)
        .map_or(end, |rest| end + usize::from(rest.first() == Some(&b'\n')));
    Ok(CsvHead {
        table,
        headers,
        raw: bytes.get(..end).unwrap_or(bytes).to_vec(),
    })
}

fn at(path: &str, line: u64, error: Error) -> InputError {
    InputError::at(path, Place::Line(line), error)
}

fn csv_error(path: &str, e: &csv::Error) -> InputError {
    let line = e.position().map_or(1, csv::Position::line);
    at(
        path,
        line,
        Error::from(ErrorKind::InvalidCsv {
            detail: e.to_string(),
        }),
    )
}

/// Records from which [`free_apart`] frees them on another thread.
const FREE_APART: usize = 10_000;

/// Drop `pieces`, on another thread when they are many: freeing a few hundred thousand projects
/// one by one kept the calling thread 10 ms while the other cores waited (a spawn refused frees
/// them here).
pub fn free_apart(pieces: Vec<Vec<Record>>) {
    if pieces.iter().map(Vec::len).sum::<usize>() >= FREE_APART {
        let _ = std::thread::Builder::new().spawn(move || drop(pieces));
    }
}

/// An empty list with room for `most` records (a piece's lines): one handed back
/// ([`ProjectBlocks::give_back`]), emptied here — its records freed on the parsing thread, on
/// every core — or a new one. Sized once: a list grown by doubling copied every record it held
/// into fresh pages each time (a record is 264 bytes); and a new list a block was paged in
/// afresh, a third of a streaming run's page faults.
fn room(spare: &Mutex<Vec<Vec<Record>>>, most: usize) -> Vec<Record> {
    let mut room = spare
        .lock()
        .ok()
        .and_then(|mut s| s.pop())
        .unwrap_or_default();
    room.clear();
    room.reserve(most);
    room
}

/// A piece of JSON Lines, the line ends before it `lines`: one record per non-blank line, into
/// `out` (empty, with [`room`] for every line of the piece).
fn json_lines(path: &str, piece: &[u8], lines: u64, mut out: Vec<Record>) -> Vec<Record> {
    // Checked as UTF-8 once and cut at line ends by a byte search; only a piece that is not
    // UTF-8 is checked line by line, to name the bad lines.
    let text = simdutf8::basic::from_utf8(piece).ok();
    let mut start = 0;
    let file: std::sync::Arc<str> = path.into();
    let ends = memchr::memchr_iter(b'\n', piece).chain(std::iter::once(piece.len()));
    for (i, end) in ends.enumerate() {
        let bytes = piece.get(start..end).unwrap_or(&[]);
        start = end + 1;
        let origin = Origin {
            file: std::sync::Arc::clone(&file),
            place: Place::Line(lines + i as u64 + 1),
        };
        let line = match text {
            Some(text) => text.get(end - bytes.len()..end).unwrap_or(""),
            None => match std::str::from_utf8(bytes) {
                Ok(line) => line,
                Err(e) => {
                    out.push(Err(InputError {
                        origin: Some(origin),
                        error: crate::input::not_utf8(path, e.valid_up_to()),
                        subject: [None, None],
                    }));
                    continue;
                }
            },
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        out.push(match Project::from_json_str(line) {
            Ok(p) => Ok((origin, p)),
            Err(error) => Err(InputError {
                origin: Some(origin),
                error,
                subject: shenfu_rules::batch::subject_texts_of_json(line),
            }),
        });
    }
    out
}

/// A piece's CSV records.
struct CsvPart {
    records: Vec<Record>,
    /// Records read (the `csv` crate's count).
    count: u64,
    /// No error names the record number, so it did not matter whether the first one was known.
    exact: bool,
}

/// A piece of CSV records at `line`, `byte` and record number `record` of the file, read with
/// the header in front so every record is counted against it, at the positions reading the
/// file one record at a time gives; into `records` (empty, with [`room`] for every line of the
/// piece).
fn csv_records(
    path: &str,
    head: &CsvHead,
    piece: &[u8],
    [line, byte, record]: [u64; 3],
    records: Vec<Record>,
) -> CsvPart {
    let mut text = Vec::with_capacity(head.raw.len() + piece.len());
    text.extend_from_slice(&head.raw);
    text.extend_from_slice(piece);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(Cursor::new(text));
    let mut position = csv::Position::new();
    position
        .set_byte(byte)
        .set_line(line + 1)
        .set_record(record);
    let file: std::sync::Arc<str> = path.into();
    let mut out = CsvPart {
        records,
        count: 0,
        exact: true,
    };
    if let Err(e) = reader.seek_raw(
        std::io::SeekFrom::Start(head.raw.len() as u64),
        position.clone(),
    ) {
        out.records.push(Err(csv_error(path, &e)));
        out.exact = false;
        return out;
    }
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                out.exact = false;
                out.records.push(Err(csv_error(path, &e)));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        out.records.push(
            match head
                .table
                .project(record.iter().map(|cell| Some(Cell::Text(cell))))
            {
                Ok(p) => Ok((
                    Origin {
                        file: std::sync::Arc::clone(&file),
                        place: Place::Line(line),
                    },
                    p,
                )),
                Err(error) => {
                    let cell = |key: &str| {
                        let at = head.headers.iter().position(|h| h == key)?;
                        record
                            .get(at)
                            .filter(|v| !v.trim().is_empty())
                            .map(str::to_owned)
                    };
                    Err(at(path, line, error).naming([cell("id"), cell("name")]))
                }
            },
        );
    }
    out.count = reader.position().record() - position.record();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_pieces_end_at_record_ends() {
        let text = b"a,b\n\"x\ny\",1\n2,\"q\"\"\n\"\nab\"c,3\n4,5\n";
        for parts in 1..6 {
            let pieces = split_at_records(text, parts);
            assert_eq!(pieces.concat(), text.to_vec());
            for piece in &pieces {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(*piece);
                // Every piece parses to whole records (no quoted field left open).
                assert!(reader.records().all(|r| r.is_ok()));
            }
            let records: usize = pieces
                .iter()
                .map(|p| {
                    csv::ReaderBuilder::new()
                        .has_headers(false)
                        .flexible(true)
                        .from_reader(*p)
                        .records()
                        .count()
                })
                .sum();
            assert_eq!(records, 5);
        }
        assert_eq!(csv_record_ends(b"a,\"b\nc\"\n", 1).1, Some(7));
        assert_eq!(csv_record_ends(b"a,\"b\nc", 1).1, None);
    }
}
