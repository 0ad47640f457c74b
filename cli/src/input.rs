//! Reading projects from files: one JSON object, a JSON array, JSON Lines, or CSV with a header
//! row. Every project is paired with where it came from, and every error names the file, the
//! line/row/item and the field.

// Errors here end the run (exit 2); their size on the unhappy path costs nothing worth boxing.
#![allow(clippy::result_large_err)]

pub use crate::blocks::{ProjectBlocks, Record};
use shenfu_rules::project::parse_json;
use shenfu_rules::table::{ObservationTable, ProjectTable};
use shenfu_rules::zone::Observations;
use shenfu_rules::{Cell, Error, ErrorKind, Location, Project, Rulebook};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Where a project was read from, for messages.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The file's name, shared by every record read from it (one allocation per file, not per
    /// record).
    pub file: std::sync::Arc<str>,
    pub place: Place,
}

#[derive(Debug, Clone, Copy)]
pub enum Place {
    Whole,
    Item(usize),
    /// A line of a JSON Lines or CSV file (1-based).
    Line(u64),
    /// A row of the decision log, by its `seq`.
    Seq(u64),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place {
            Place::Whole => write!(f, "{}", self.file),
            Place::Item(i) => write!(f, "{}: item {i}", self.file),
            Place::Line(l) => write!(f, "{}: line {l}", self.file),
            Place::Seq(seq) => write!(f, "{}: seq {seq}", self.file),
        }
    }
}

/// A bad input, with where it was found (no origin: an option such as `--year`).
#[derive(Debug, Clone)]
pub struct InputError {
    pub origin: Option<Origin>,
    pub error: Error,
    /// The bad project's `id` and `name` as given, when they could be read: a CSV error row
    /// keeps them so the applicant can be found.
    pub subject: [Option<String>; 2],
}

impl InputError {
    pub fn in_file(file: &str, error: Error) -> Self {
        Self {
            origin: Some(Origin {
                file: file.into(),
                place: Place::Whole,
            }),
            error,
            subject: [None, None],
        }
    }

    pub(crate) fn at(file: &str, place: Place, error: Error) -> Self {
        Self {
            origin: Some(Origin {
                file: file.into(),
                place,
            }),
            error,
            subject: [None, None],
        }
    }

    /// This error, naming the project's `id` and `name` as given.
    pub(crate) fn naming(mut self, subject: [Option<String>; 2]) -> Self {
        self.subject = subject;
        self
    }

    /// The error with the line of its record, when it came from JSON Lines or CSV and has no
    /// position on a later line of its own (column 1: the record as a whole).
    pub fn located_error(&self) -> Error {
        match (&self.origin, self.error.location) {
            (
                Some(Origin {
                    place: Place::Line(line),
                    ..
                }),
                location,
            ) => {
                // A JSON Lines record is one line: a position the reader found in it is on
                // the file's line, at the same column.
                let line = usize::try_from(*line).unwrap_or(usize::MAX);
                let column = location.filter(|l| l.line == 1).map_or(1, |l| l.column);
                match location {
                    Some(l) if l.line != 1 => self.error.clone(),
                    _ => self.error.clone().located(Location { line, column }),
                }
            }
            _ => self.error.clone(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.origin {
            Some(origin) => write!(f, "{origin}: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    JsonLines,
    Csv,
}

/// Projects as they are read: one at a time for CSV and JSON Lines (constant memory whatever the
/// file's size), all at once for a JSON document.
pub type ProjectStream = Box<dyn Iterator<Item = Result<(Origin, Project), InputError>>>;

/// Read every project of `path` (`-` is standard input) into memory.
pub fn read_projects(path: &str) -> Result<Vec<(Origin, Project)>, InputError> {
    open_projects(path)?.collect()
}

/// Projects as a batch reads them: a JSON document one project at a time, JSON Lines and CSV a
/// block at a time on every core ([`ProjectBlocks`]).
pub enum Records {
    Stream(ProjectStream),
    Blocks(Box<ProjectBlocks>),
    /// Records read before and kept, as they were parsed (a block's pieces).
    Held(std::vec::IntoIter<Vec<Record>>),
}

impl Records {
    /// The next records in input order (a block's, a piece kept, or up to `n` of a stream);
    /// `None` at the end.
    pub fn next_records(&mut self, n: usize) -> Result<Option<Vec<Record>>, InputError> {
        match self {
            Self::Stream(stream) => {
                let records: Vec<Record> = stream.by_ref().take(n).collect();
                Ok((!records.is_empty()).then_some(records))
            }
            Self::Blocks(blocks) => blocks.next_block(),
            Self::Held(pieces) => Ok(pieces.next()),
        }
    }
}

/// Open `path` (`-` is standard input) for a batch: JSON Lines and CSV read in blocks on every
/// core, a JSON document as a stream.
pub fn open_records(path: &str) -> Result<Records, InputError> {
    let (reader, format) = open(path)?;
    Ok(match format {
        Format::JsonLines | Format::Csv => Records::Blocks(Box::new(ProjectBlocks::new(
            path,
            reader,
            format == Format::Csv,
        ))),
        Format::Json => Records::Stream(stream(path, reader, format)?),
    })
}

/// Open `path` (`-` is standard input) as a stream of projects. The format comes from the
/// extension (`.csv`, `.jsonl`/`.ndjson`, `.json`) or, without one, from the first character.
pub fn open_projects(path: &str) -> Result<ProjectStream, InputError> {
    let (reader, format) = open(path)?;
    stream(path, reader, format)
}

/// `path` opened, and its format.
fn open(path: &str) -> Result<(Box<dyn BufRead + Send>, Format), InputError> {
    let whole = |error: Error| InputError::in_file(path, error);
    let io = |e: std::io::Error| {
        whole(Error::from(ErrorKind::Io {
            path: path.to_owned(),
            detail: e.to_string(),
        }))
    };
    let mut reader: Box<dyn BufRead + Send> = if path == "-" {
        Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else {
        Box::new(BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(path).map_err(io)?,
        ))
    };
    // The byte-order mark is skipped by whoever reads on (`stream`, `ProjectBlocks`).
    let head = reader.fill_buf().map_err(io)?;
    let first = head
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(head)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    let format = match Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Format::Csv,
        Some("jsonl" | "ndjson") => Format::JsonLines,
        Some("json") => Format::Json,
        _ => match first {
            Some(b'{' | b'[') => Format::Json,
            _ => Format::Csv,
        },
    };
    Ok((reader, format))
}

/// A stream of the projects of `reader`, in `format`.
fn stream(
    path: &str,
    mut reader: Box<dyn BufRead + Send>,
    format: Format,
) -> Result<ProjectStream, InputError> {
    let whole = |error: Error| InputError::in_file(path, error);
    let io = |e: std::io::Error| {
        whole(Error::from(ErrorKind::Io {
            path: path.to_owned(),
            detail: e.to_string(),
        }))
    };
    if reader.fill_buf().map_err(io)?.starts_with(b"\xef\xbb\xbf") {
        reader.consume(3);
    }
    match format {
        Format::Csv => csv_stream(path, reader),
        Format::JsonLines => Ok(json_lines_stream(path, reader)),
        Format::Json => {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).map_err(io)?;
            let text = utf8(path, bytes).map_err(whole)?;
            json_document(path, &text).map(|v| Box::new(v.into_iter().map(Ok)) as ProjectStream)
        }
    }
}

fn json_document(path: &str, text: &str) -> Result<Vec<(Origin, Project)>, InputError> {
    let whole = |error: Error| InputError::in_file(path, error);
    match parse_json(text) {
        Ok(serde_json::Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let origin = Origin {
                    file: path.into(),
                    place: Place::Item(i),
                };
                match Project::from_json_value(item) {
                    Ok(p) => Ok((origin, p)),
                    Err(error) => Err(InputError::at(
                        path,
                        Place::Item(i),
                        error.at(&format!("[{i}]")),
                    )),
                }
            })
            .collect(),
        Ok(value) => Project::from_json_value(&value)
            .map(|p| {
                vec![(
                    Origin {
                        file: path.into(),
                        place: Place::Whole,
                    },
                    p,
                )]
            })
            .map_err(whole),
        // Several objects one per line in a .json file: read it as JSON Lines.
        Err(_) if looks_like_json_lines(text) => json_lines_stream(
            path,
            Box::new(std::io::Cursor::new(text.to_owned().into_bytes())),
        )
        .collect(),
        Err(error) => Err(whole(error)),
    }
}

fn utf8(path: &str, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| not_utf8(path, e.utf8_error().valid_up_to()))
}

/// Text that is not UTF-8 from byte `at` on.
pub(crate) fn not_utf8(path: &str, at: usize) -> Error {
    Error::from(ErrorKind::Io {
        path: path.to_owned(),
        detail: format!("not UTF-8 text (byte {at})"),
    })
}

/// A whole text file (`-` is standard input), with the file named in errors.
pub fn read_text_file(path: &str) -> Result<String, InputError> {
    read_text(path).map_err(|e| InputError::in_file(path, e))
}

fn read_text(path: &str) -> Result<String, Error> {
    let io = |e: std::io::Error| {
        Error::from(ErrorKind::Io {
            path: path.to_owned(),
            detail: e.to_string(),
        })
    };
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(io)?;
    } else {
        bytes = std::fs::read(path).map_err(io)?;
    }
    utf8(path, bytes)
}

fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    lines
        .next()
        .is_some_and(|first| matches!(parse_json(first), Ok(serde_json::Value::Object(_))))
        && lines.next().is_some()
}

/// One project per line; blank lines are skipped; each bad line is its own error.
fn json_lines_stream(path: &str, reader: Box<dyn BufRead>) -> ProjectStream {
    let path: std::sync::Arc<str> = path.into();
    Box::new(
        reader
            .split(b'\n')
            .enumerate()
            .filter_map(move |(i, line)| {
                let origin = Origin {
                    file: std::sync::Arc::clone(&path),
                    place: Place::Line(i as u64 + 1),
                };
                let line = match line {
                    Ok(bytes) => match utf8(&path, bytes) {
                        Ok(text) => text,
                        Err(error) => {
                            return Some(Err(InputError {
                                origin: Some(origin),
                                error,
                                subject: [None, None],
                            }));
                        }
                    },
                    Err(e) => {
                        let error = Error::from(ErrorKind::Io {
                            path: path.to_string(),
                            detail: e.to_string(),
                        });
                        return Some(Err(InputError {
                            origin: Some(origin),
                            error,
                            subject: [None, None],
                        }));
                    }
                };
                let line = line.strip_suffix('\r').unwrap_or(&line);
                if line.trim().is_empty() {
                    return None;
                }
                Some(match Project::from_json_str(line) {
                    Ok(p) => Ok((origin, p)),
                    Err(error) => Err(InputError {
                        origin: Some(origin),
                        error,
                        subject: shenfu_rules::batch::subject_texts_of_json(line),
                    }),
                })
            }),
    )
}

fn csv_stream(path: &str, reader: Box<dyn BufRead>) -> Result<ProjectStream, InputError> {
    let owned = path.to_owned();
    let at_line = move |line: u64, error: Error| InputError::at(&owned, Place::Line(line), error);
    let csv_error = {
        let at_line = at_line.clone();
        move |e: csv::Error| {
            let line = e.position().map_or(1, csv::Position::line);
            at_line(
                line,
                Error::from(ErrorKind::InvalidCsv {
                    detail: e.to_string(),
                }),
            )
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error.clone())?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let table = ProjectTable::new(&headers, &[]).map_err(|e| at_line(1, e))?;
    let path: std::sync::Arc<str> = path.into();
    Ok(Box::new(reader.into_records().map(move |record| {
        let record = record.map_err(csv_error.clone())?;
        let line = record.position().map_or(0, csv::Position::line);
        match table.project(record.iter().map(|cell| Some(Cell::Text(cell)))) {
            Ok(p) => Ok((
                Origin {
                    file: std::sync::Arc::clone(&path),
                    place: Place::Line(line),
                },
                p,
            )),
            Err(error) => {
                let cell = |key: &str| {
                    let at = headers.iter().position(|h| h == key)?;
                    record
                        .get(at)
                        .filter(|v| !v.trim().is_empty())
                        .map(str::to_owned)
                };
                Err(at_line(line, error).naming([cell("id"), cell("name")]))
            }
        }
    })))
}

/// Read observed indicator values from `path` (`-` is standard input): JSON (an array of
/// `{"indicator", "year", "value", "unit"}` or `{"observations": [...]}`) or CSV with the
/// columns `indicator,year,value,unit` (read by the core's `table::ObservationTable`: every
/// unit given).
pub fn read_observations(book: &Rulebook, path: &str) -> Result<Observations, InputError> {
    let whole = |error: Error| InputError::in_file(path, error);
    let text = read_text(path).map_err(whole)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let json = match Path::new(path).extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => true,
        Some(e) if e.eq_ignore_ascii_case("csv") => false,
        _ => matches!(text.trim_start().chars().next(), Some('{' | '[')),
    };
    if json {
        return Observations::from_json_str(book, text).map_err(whole);
    }
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(1, csv::Position::line);
        whole(
            Error::from(ErrorKind::InvalidCsv {
                detail: e.to_string(),
            })
            .located(Location {
                line: usize::try_from(line).unwrap_or(usize::MAX),
                column: 1,
            }),
        )
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let at = |line: u64, e: Error| {
        whole(e.located(Location {
            line: usize::try_from(line).unwrap_or(usize::MAX),
            column: 1,
        }))
    };
    let table = ObservationTable::new(&headers).map_err(|e| at(1, e))?;
    let mut set = Observations::default();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, csv::Position::line);
        table
            .add(
                book,
                &mut set,
                record.iter().map(|cell| Some(Cell::Text(cell))),
            )
            .map_err(|e| at(line, e))?;
    }
    Ok(set)
}
