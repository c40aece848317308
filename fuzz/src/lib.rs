//! What every reader target runs: one file through jiaoke's import and normalize stages, as
//! `jiaoke import` runs it for each file of an inbox (`pipeline::import`).
//!
//! `import::read_bytes` catches a panic inside a reader and turns it into an
//! `unreadable_file` finding: that is handled behaviour, not a crash. So the panic hook
//! libFuzzer installs (print, then abort) is wrapped in jiaoke's own quiet hook, which stays
//! silent for panics caught while reading and passes every other panic on to libFuzzer's. What
//! the reader targets find is then what would really end a run, or cost a file: a panic in
//! the normalize stage (a run guards it file by file, these targets do not), an abort,
//! memory beyond `-rss_limit_mb`, a timeout, a stack overflow.

use std::sync::{LazyLock, Once};

use jiaoke::import::{Outcome, read_bytes};
use jiaoke::normalize::frames::Frames;
use jiaoke::normalize::records::Records;
use jiaoke::normalize::{normalize_document, normalize_sheet};
use jiaoke::vocab::Vocab;

/// The built-in vocabularies, built once.
pub static VOCAB: LazyLock<Vocab> = LazyLock::new(Vocab::builtin);

static HOOK: Once = Once::new();

/// Makes caught reader panics quiet (see the module comment). Call at the top of every target.
pub fn init() {
    HOOK.call_once(jiaoke::guard::install_quiet_panic_hook);
}

/// Reads `data` as a file named `name` (its extension counts where the content leaves a
/// choice), then normalizes its sheets or its document and builds the record frames.
///
/// It runs on a thread of the default stack size, as each file does on the pipeline's rayon
/// workers (2 MiB, not the main thread's 8 MiB): a recursion that would overflow the stack
/// in a real run overflows here too.
pub fn import_and_normalize(name: &str, data: &[u8]) {
    init();
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .spawn_scoped(scope, || one_file(name, data))
            .expect("a thread for the file")
            .join()
            .expect("a panic aborts before it gets here");
    });
}

fn one_file(name: &str, data: &[u8]) {
    let file = read_bytes(name, data.to_vec());
    let _ = file.outcome_finding();
    let mut records = Records::default();
    match &file.outcome {
        Outcome::Sheets(sheets) => {
            for sheet in sheets {
                records.append(normalize_sheet(sheet, &VOCAB).records);
            }
        }
        Outcome::Document(doc) => {
            records.append(normalize_document(doc, &VOCAB).records);
        }
        Outcome::Skipped(_) | Outcome::Unreadable(_) => {}
    }
    if !records.is_empty() {
        // An error is a message for the user; only a panic is a crash here.
        let _ = Frames::from_records(&records);
    }
}

/// A mutator for zip packages (xlsx, xlsb, ods, docx), for `libfuzzer_sys::fuzz_mutator!`.
///
/// Byte mutations of a package almost never get past the zip layer: the parts are deflated and
/// carry CRCs. So half the time one part is taken out, mutated by libFuzzer's own mutator and
/// the package re-packed (parts, names and compression kept, CRCs right): the XML and binary
/// parsers behind the zip layer see the mutations. The other half, and whenever the input is
/// no readable package, the bytes are mutated as they are (the zip layer itself: headers,
/// sizes, the central directory, the bounds checked before inflating).
pub fn mutate_package(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> usize {
    if seed.is_multiple_of(2) {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    }
    match mutate_part(&data[..size], max_size, seed / 2) {
        Some(package) => {
            data[..package.len()].copy_from_slice(&package);
            package.len()
        }
        None => libfuzzer_sys::fuzzer_mutate(data, size, max_size),
    }
}

/// Parts larger than this are not taken out (a mutated package stays about its seed's size).
const MAX_PART: u64 = 4 << 20;

/// The package with one of its parts (chosen by `pick`) mutated; `None` when the input is no
/// readable package or the result would not fit in `max_size`.
fn mutate_part(package: &[u8], max_size: usize, pick: u32) -> Option<Vec<u8>> {
    use std::io::{Cursor, Read, Write};
    use zip::CompressionMethod;
    use zip::write::SimpleFileOptions;

    let mut archive = zip::ZipArchive::new(Cursor::new(package)).ok()?;
    if archive.is_empty() || archive.len() > 10_000 {
        return None;
    }
    let chosen = pick as usize % archive.len();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(package.len() + 1024)));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).ok()?;
        if part.size() > MAX_PART {
            return None;
        }
        let name = part.name().ok()?.into_owned();
        let method = match part.compression() {
            CompressionMethod::Stored => CompressionMethod::Stored,
            _ => CompressionMethod::Deflated,
        };
        let mut content = Vec::new();
        part.by_ref()
            .take(MAX_PART)
            .read_to_end(&mut content)
            .ok()?;
        drop(part);
        if i == chosen {
            let len = content.len();
            let room = len + 64 + len / 4;
            content.resize(room, 0);
            let new_len = libfuzzer_sys::fuzzer_mutate(&mut content, len, room);
            content.truncate(new_len);
        }
        let options = SimpleFileOptions::default().compression_method(method);
        out.start_file(name, options).ok()?;
        out.write_all(&content).ok()?;
    }
    let bytes = out.finish().ok()?.into_inner();
    (bytes.len() <= max_size).then_some(bytes)
}
