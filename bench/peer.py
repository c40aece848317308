#!/usr/bin/env python3
"""The peer jiaoke's import is measured against: pandas + openpyxl (xlrd for .xls, odfpy for
.ods) reading every sheet of every spreadsheet in an inbox into DataFrames, the way a school
office's Python script would. It only reads (no header detection or normalization), so the
comparison flatters the peer.

Usage: peer.py INBOX  -> prints "rows files seconds" on stdout.
"""
import os
import sys
import time
import warnings

import pandas as pd

warnings.filterwarnings("ignore")

ENGINES = {".xlsx": "openpyxl", ".xlsm": "openpyxl", ".xls": "xlrd", ".et": "xlrd", ".ods": "odf"}


def read_csv(path):
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return [pd.read_csv(path, header=None, dtype=str, encoding=enc, on_bad_lines="skip")]
        except UnicodeDecodeError:
            continue
    return []


def main(inbox):
    start = time.perf_counter()
    rows = files = 0
    for folder, dirs, names in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(("~$", ".")):
                continue
            path = os.path.join(folder, name)
            ext = os.path.splitext(name)[1].lower()
            try:
                if ext == ".csv":
                    frames = read_csv(path)
                elif ext in ENGINES:
                    frames = pd.read_excel(path, sheet_name=None, header=None, engine=ENGINES[ext]).values()
                else:
                    continue
            except Exception:  # corrupt or encrypted: skipped, as jiaoke reports them
                continue
            files += 1
            rows += sum(len(f) for f in frames)
    print(rows, files, f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
