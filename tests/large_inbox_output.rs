//! A district's inbox (thousands of files) must not print one terminal line per file: past a
//! few dozen files, `jiaoke import` prints one line per folder, then only the files to look at.

mod common;

use common::{copy_dir, jiaoke_ok, root};

#[test]
fn a_large_inbox_is_summarised_per_folder() {
    let inbox = tempfile::tempdir().unwrap();
    // Six schools' folders, each a copy of the demo inbox (about 20 files each).
    let schools = ["一中", "二中", "三中", "实验小学", "附属小学", "新区小学"];
    for school in schools {
        copy_dir(&root().join("samples/inbox"), &inbox.path().join(school));
    }
    std::fs::write(
        inbox.path().join("三中").join("坏文件.xlsx"),
        b"PK\x03\x04 broken",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = jiaoke_ok(
        &[
            "import",
            inbox.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
        0,
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("文件夹"), "{stdout}");
    for school in schools {
        assert!(stdout.contains(school), "{school} has its line: {stdout}");
    }
    // The files to look at are listed (the broken one), the clean ones are not.
    assert!(
        stdout.contains("有问题、未读取或没有识别出数据的文件"),
        "{stdout}"
    );
    assert!(stdout.contains("坏文件.xlsx"), "{stdout}");
    assert!(
        !stdout.contains("教科室行事历.xlsx"),
        "a clean file is not listed: {stdout}"
    );
}
