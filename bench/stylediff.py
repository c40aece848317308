#!/usr/bin/env python3
"""Compares two xlsx files cell by cell on the value type and the *resolved* style (font, fill,
border, number format, alignment, protection), whatever the style indices, and each row's
attributes (height, hidden) and each column's width. bench/golden.sh compares the values;
this compares the look, for a change to how cells are written:
bench/stylediff.py OLD.xlsx NEW.xlsx (exit 1 and the first ten differences when they differ)."""
import sys, zipfile, re
import xml.etree.ElementTree as ET
NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
def resolved(path):
    z = zipfile.ZipFile(path)
    st = ET.fromstring(z.read('xl/styles.xml'))
    numfmts = {n.get('numFmtId'): n.get('formatCode') for n in st.findall('m:numFmts/m:numFmt', NS)}
    fonts = [ET.tostring(f) for f in st.findall('m:fonts/m:font', NS)]
    fills = [ET.tostring(f) for f in st.findall('m:fills/m:fill', NS)]
    borders = [ET.tostring(f) for f in st.findall('m:borders/m:border', NS)]
    xfs = []
    for xf in st.findall('m:cellXfs/m:xf', NS):
        al = xf.find('m:alignment', NS)
        pr = xf.find('m:protection', NS)
        n = xf.get('numFmtId', '0')
        xfs.append((numfmts.get(n, n), fonts[int(xf.get('fontId', 0))], fills[int(xf.get('fillId', 0))],
                    borders[int(xf.get('borderId', 0))], ET.tostring(al) if al is not None else b'',
                    ET.tostring(pr) if pr is not None else b''))
    out = {}
    for name in sorted(n for n in z.namelist() if re.match(r'xl/worksheets/sheet\d+\.xml', n)):
        root = ET.fromstring(z.read(name))
        for col in root.iter('{%s}col' % NS['m']):
            out[(name, 'col', col.get('min'))] = str(sorted(col.attrib.items()))
        for row in root.iter('{%s}row' % NS['m']):
            rattr = {k: v for k, v in row.attrib.items() if k != 'spans'}
            out[(name, 'row', row.get('r'))] = str(sorted(rattr.items()))
            for c in row.findall('m:c', NS):
                out[(name, c.get('r'))] = (c.get('t'), xfs[int(c.get('s', 0))])
    return out
a, b = resolved(sys.argv[1]), resolved(sys.argv[2])
diffs = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
for k in diffs[:10]:
    print(sys.argv[2], k, a.get(k), '=>', b.get(k))
sys.exit(1 if diffs else 0)
