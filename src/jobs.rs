//! Every output a command writes, as named jobs: each is built on its own
//! ([`OutputSet::build`]), so that one that fails costs only itself. `import`, `check`,
//! `report` and `run` differ only in the jobs they run.

use crate::finding::Finding;
use crate::normalize::frames::csv_name;
use crate::output::{AddError, OutputSet};
use crate::pipeline::Dataset;
use crate::prepare::Prepared;
use crate::report::context::{Built, ReportError, ReportInput};
use crate::report::findings::{self, findings_workbook};
use crate::report::workbook::Letterhead;
use crate::report::{csv, research, summary, term, training};
use crate::select::departments::departments;
use crate::vocab::Kind;

/// What a job returns when it fails: any error, said in its own words.
pub type JobError = Box<dyn std::error::Error + Send + Sync>;

/// How a job adds its files to a set. Jobs are independent and may be built at the same time
/// on different threads.
pub type Build<'a> = Box<dyn FnOnce(&mut OutputSet) -> Result<(), JobError> + Send + 'a>;

/// One output: its name for messages, and how to add its files to a set.
pub struct Job<'a> {
    /// The output's name, e.g. `数据汇总.xlsx` or `教师培训学时汇总`.
    pub name: String,
    /// Adds the output's files.
    pub build: Build<'a>,
    /// Whether the job goes over every record (a standard workbook, 数据汇总): such jobs
    /// start first, so that no core is left with a large one at the end.
    pub large: bool,
}

impl<'a> Job<'a> {
    fn new(
        name: impl Into<String>,
        build: impl FnOnce(&mut OutputSet) -> Result<(), JobError> + Send + 'a,
    ) -> Job<'a> {
        Job {
            name: name.into(),
            build: Box::new(build),
            large: false,
        }
    }

    /// The same job, marked [`Job::large`].
    fn large(self) -> Job<'a> {
        Job {
            large: true,
            ..self
        }
    }
}

/// Which standard workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// 年度教科研成果统计.
    Research,
    /// 教师培训学时汇总.
    Training,
    /// 学期工作汇总 (one per term of the period).
    Term,
}

impl Report {
    /// Every report, in the order `run` writes them.
    pub const ALL: [Report; 3] = [Report::Research, Report::Training, Report::Term];

    /// The report's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Report::Research => "年度教科研成果统计",
            Report::Training => "教师培训学时汇总",
            Report::Term => "学期工作汇总",
        }
    }
}

fn add(set: &mut OutputSet, name: &str, bytes: &[u8]) -> Result<(), JobError> {
    set.add(name, bytes).map_err(write_error)
}

/// Writes a file as `write` produces it, straight into the output folder.
fn stream<E: Into<JobError>>(
    set: &mut OutputSet,
    name: &str,
    write: impl FnOnce(&mut (dyn std::io::Write + Send)) -> Result<(), E>,
) -> Result<(), JobError> {
    set.add_with(name, write).map_err(|e| match e {
        AddError::Io(e) => write_error(e),
        AddError::Content(e) => e.into(),
    })
}

fn write_error(e: std::io::Error) -> JobError {
    format!("无法写入输出文件夹：{e}").into()
}

/// The import's outputs: the five normalized CSVs (full values, the school's own data) and
/// 数据汇总.xlsx.
pub fn normalized<'a>(dataset: &'a Dataset, head: &'a Letterhead) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job> = Kind::ALL
        .into_iter()
        .map(|kind| {
            Job::new(csv_name(kind), move |set: &mut OutputSet| {
                stream(set, csv_name(kind), |w| {
                    csv::write_frame(dataset.frames.get(kind), w)
                })
            })
        })
        .collect();
    jobs.push(
        Job::new(summary::FILE_NAME, move |set: &mut OutputSet| {
            let mut book = summary::summary_book(&dataset.frames, head)?;
            stream(set, summary::FILE_NAME, |w| book.save_to_writer(w))
        })
        .large(),
    );
    jobs
}

/// Everything `jiaoke run` writes (and the page's 开始处理): the normalized data, 问题清单 and
/// every standard workbook with its summary CSVs.
pub fn everything(prepared: &Prepared) -> Vec<Job<'_>> {
    let (dataset, head) = (&prepared.dataset, &prepared.head);
    let mut jobs = normalized(dataset, head);
    jobs.push(findings_list(dataset, &prepared.findings, head));
    jobs.extend(Report::ALL.map(|which| report(prepared, which, true)));
    jobs
}

/// 问题清单.xlsx.
pub fn findings_list<'a>(
    dataset: &'a Dataset,
    list: &'a [Finding],
    head: &'a Letterhead,
) -> Job<'a> {
    Job::new(findings::FILE_NAME, move |set: &mut OutputSet| {
        let book = findings_workbook(list, &departments(dataset), head)?;
        add(set, findings::FILE_NAME, &book)
    })
}

/// A standard workbook (the term summary: one per term of the period), with its summary
/// tables as CSV when `csv` is set.
pub fn report(prepared: &Prepared, which: Report, csv: bool) -> Job<'_> {
    Job::new(which.name(), move |set: &mut OutputSet| {
        let (build, periods): (fn(&ReportInput) -> _, _) = match which {
            Report::Research => (research::build, vec![prepared.period]),
            Report::Training => (training::build, vec![prepared.period]),
            Report::Term => (term::build, prepared.terms_to_report()),
        };
        // Built one at a time, as the workbooks are saved.
        let builts = periods.into_iter().map(|p| build(&prepared.input(p)));
        add_built(set, builts, csv)
    })
    .large()
}

/// The district's outputs: 上报情况, 全区教科研成果统计, 全区教师培训学时汇总 (with their CSVs
/// when `csv` is set), the 问题清单 of each school, and every record as Parquet when
/// `parquet` is set.
pub fn district(d: &crate::district::District, csv: bool, parquet: bool) -> Vec<Job<'_>> {
    use crate::district::report as r;
    type Writer = fn(&crate::district::District) -> Result<Built, ReportError>;
    let built: [(&str, Writer); 3] = [
        ("上报情况", r::submissions),
        ("全区教科研成果统计", r::research),
        ("全区教师培训学时汇总", r::training),
    ];
    let mut jobs: Vec<Job> = built
        .into_iter()
        .map(|(name, build)| {
            Job::new(name, move |set: &mut OutputSet| {
                add_built(set, [build(d)], csv)
            })
            .large()
        })
        .collect();
    jobs.push(Job::new(r::FINDINGS_DIR, move |set: &mut OutputSet| {
        for (name, bytes) in r::school_findings(d)? {
            add(set, &name, &bytes)?;
        }
        Ok(())
    }));
    if parquet {
        jobs.push(Job::new("Parquet", move |set: &mut OutputSet| {
            for (name, bytes) in r::records_parquet(d)? {
                add(set, &name, &bytes)?;
            }
            Ok(())
        }));
    }
    jobs
}

/// Saves built reports into their files, each as soon as it is taken from `builts` (a lazy
/// iterator builds the next only then), and adds their CSVs when asked. CSVs of the same name
/// (the two term summaries of a school year) are joined under one header.
fn add_built(
    set: &mut OutputSet,
    builts: impl IntoIterator<Item = Result<Built, ReportError>>,
    csv: bool,
) -> Result<(), JobError> {
    let mut joined: Vec<(String, Vec<u8>)> = Vec::new();
    for built in builts {
        let Built {
            file_name,
            mut workbook,
            csvs,
        } = built?;
        stream(set, &file_name, |w| workbook.save_to_writer(w))?;
        for (name, bytes) in csvs.into_iter().filter(|_| csv) {
            match joined.iter_mut().find(|(n, _)| *n == name) {
                Some((_, all)) => {
                    let body = bytes
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(&bytes[..0], |i| &bytes[i + 1..]);
                    all.extend_from_slice(body);
                }
                None => joined.push((name, bytes)),
            }
        }
    }
    for (name, bytes) in joined {
        add(set, &name, &bytes)?;
    }
    Ok(())
}

/// The outputs of one run, written into one folder: each job built on its own, side by side
/// on the cores; a job that fails costs only its own files. Every command and the page write
/// through this.
pub struct Outputs {
    set: OutputSet,
    failures: Vec<String>,
}

/// What a run wrote.
#[derive(Debug)]
pub struct Written {
    /// The final paths, in the jobs' order.
    pub paths: Vec<std::path::PathBuf>,
    /// Why outputs could not be built, one message each (personal numbers masked).
    pub failures: Vec<String>,
}

impl Outputs {
    /// Prepares writing into `dir` (created if missing).
    ///
    /// # Errors
    /// The folder cannot be created.
    pub fn new(dir: &std::path::Path) -> std::io::Result<Outputs> {
        Ok(Outputs {
            set: OutputSet::new(dir)?,
            failures: Vec::new(),
        })
    }

    /// Builds each job (its files all or none), the jobs side by side on the cores. Returns
    /// the failures of these jobs, in the jobs' order; they are also kept for [`Written`].
    pub fn run<'a>(&mut self, jobs: impl IntoIterator<Item = Job<'a>>) -> Vec<String> {
        let jobs: Vec<Job<'a>> = jobs.into_iter().collect();
        let set = &self.set;
        let built = crate::pipeline::on_pool(|| {
            in_turn(jobs, |job| {
                let mut set = set.fork();
                let result = set.build(job.build);
                (job.name, result, set)
            })
        });
        let mut failed = Vec::new();
        for (name, result, set) in built {
            self.set.absorb(set);
            if let Err(reason) = result {
                failed.push(
                    crate::privacy::mask_personal(&format!(
                        "生成《{name}》失败：{reason}；其余文件照常生成"
                    ))
                    .into_owned(),
                );
            }
        }
        self.failures.extend(failed.iter().cloned());
        failed
    }

    /// Renames every file built into place.
    ///
    /// # Errors
    /// A file could not be renamed (open in Excel or WPS on Windows, say): none is.
    pub fn commit(self) -> std::io::Result<Written> {
        Ok(Written {
            paths: self.set.commit()?,
            failures: self.failures,
        })
    }
}

/// Runs `work` on every job, as many at a time as the pool has threads, the large jobs first
/// (each worker takes the next job when it is done with one); the results in the jobs' order.
fn in_turn<'a, R: Send>(jobs: Vec<Job<'a>>, work: impl Fn(Job<'a>) -> R + Sync) -> Vec<R> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| !jobs[i].large);
    let jobs: Vec<Mutex<Option<Job>>> = jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let results: Vec<Mutex<Option<R>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let worker = || {
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let job = jobs[i].lock().map(|mut j| j.take()).ok().flatten();
            if let Some(job) = job {
                let result = work(job);
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(result);
                }
            }
        }
    };
    let workers = rayon::current_num_threads().min(order.len()).max(1);
    rayon::scope(|s| {
        for _ in 1..workers {
            s.spawn(|_| worker());
        }
        worker();
    });
    results
        .into_iter()
        .filter_map(|r| r.into_inner().ok().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn job(name: &str, large: bool) -> Job<'static> {
        let job = Job::new(name, |_: &mut OutputSet| Ok(()));
        if large { job.large() } else { job }
    }

    #[test]
    fn every_job_runs_once_large_ones_first_results_in_the_jobs_order() {
        let jobs = vec![
            job("a.csv", false),
            job("b.csv", false),
            job("数据汇总.xlsx", true),
            job("c.csv", false),
            job("报表", true),
        ];
        let started = Mutex::new(Vec::new());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let names = pool.install(|| {
            in_turn(jobs, |job| {
                started.lock().unwrap().push(job.name.clone());
                job.name
            })
        });
        assert_eq!(names, ["a.csv", "b.csv", "数据汇总.xlsx", "c.csv", "报表"]);
        let started = started.into_inner().unwrap();
        assert_eq!(
            started,
            ["数据汇总.xlsx", "报表", "a.csv", "b.csv", "c.csv"]
        );
    }

    /// A report of one sheet whose cell A1 is `text`, with one CSV line.
    fn built(name: &str, text: &str) -> Result<Built, ReportError> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.add_worksheet().write_string(0, 0, text)?;
        Ok(Built {
            file_name: format!("{name}.xlsx"),
            workbook,
            csvs: vec![(
                "term_summary.csv".into(),
                format!("term,n\n{name},1\n").into(),
            )],
        })
    }

    #[test]
    fn reports_are_saved_into_their_files_and_their_csvs_joined() {
        use calamine::Reader;
        let dir = tempfile::tempdir().unwrap();
        let mut set = OutputSet::new(dir.path()).unwrap();
        let builts = [built("第一学期", "一"), built("第二学期", "二")];
        set.build(|set| add_built(set, builts, true)).unwrap();
        set.commit().unwrap();
        for (name, text) in [("第一学期", "一"), ("第二学期", "二")] {
            let path = dir.path().join(format!("{name}.xlsx"));
            let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
            let range = book.worksheet_range_at(0).unwrap().unwrap();
            assert_eq!(range.get_value((0, 0)).unwrap().to_string(), text);
        }
        let csv = std::fs::read_to_string(dir.path().join("term_summary.csv")).unwrap();
        assert_eq!(csv, "term,n\n第一学期,1\n第二学期,1\n");
    }

    #[test]
    fn a_report_that_fails_leaves_none_of_its_job_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut set = OutputSet::new(dir.path()).unwrap();
        let builts = [
            built("第一学期", "一"),
            Err(ReportError::Csv("磁盘已满".into())),
        ];
        assert!(set.build(|set| add_built(set, builts, true)).is_err());
        assert!(set.commit().unwrap().is_empty());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn jobs_run_side_by_side_on_a_larger_pool() {
        let jobs: Vec<Job> = (0..20).map(|i| job(&i.to_string(), i % 3 == 0)).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let names = pool.install(|| in_turn(jobs, |job| job.name));
        let expected: Vec<String> = (0..20).map(|i| i.to_string()).collect();
        assert_eq!(names, expected);
    }
}
