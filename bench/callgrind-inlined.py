#!/usr/bin/env python3
"""Where a function's instructions are, through what is inlined into it.

callgrind's listing by function puts everything inlined into `extract_with` under
`extract_with` (or under the standard library's file of the inlined code). This reads a
profile made with `--dump-instr=yes`, maps each instruction address back through its
chain of inlined calls (`llvm-symbolizer --inlining`), and sums the instructions by the
innermost function of this project's sources, by the chain of them, and by source line.

Usage:
    valgrind --tool=callgrind --dump-instr=yes --dump-line=no \\
        --callgrind-out-file=cg.out --toggle-collect='extract_loop::run_extract' \\
        target/release/examples/extract_loop
    bench/callgrind-inlined.py cg.out target/release/examples/extract_loop [FUNCTION] [N]

FUNCTION (default: all) keeps the instructions of the functions whose callgrind name
contains it ("Layout::cut"); N (default 40) rows are printed per listing. The binary must
be the one profiled, with its line tables (release builds of this crate have them).
Needs llvm-symbolizer (llvm-symbolizer-19 of Debian's llvm-19, or set LLVM_SYMBOLIZER).
"""

import collections
import os
import re
import shutil
import subprocess
import sys


def self_costs(path, want):
    """Instructions per address, of the functions whose name contains `want`."""
    names = {}
    fn = None
    last = 0
    call_line = False
    costs = collections.Counter()
    for line in open(path):
        line = line.rstrip("\n")
        if not line:
            continue
        if line.startswith("fn="):
            m = re.match(r"fn=\((\d+)\)(?: (.*))?", line)
            if m:
                if m.group(2):
                    names[m.group(1)] = m.group(2)
                fn = names.get(m.group(1), "")
            else:
                fn = line[3:]
            continue
        if line.startswith(("cfn=", "cfi=", "cfl=", "cob=")):
            m = re.match(r"cfn=\((\d+)\) (.*)", line)
            if m:
                names[m.group(1)] = m.group(2)
            continue
        if line.startswith("calls="):
            # the next line is the call's position and inclusive cost: not self cost
            call_line = True
            continue
        if line[0] not in "0123456789+-*":
            continue
        parts = line.split()
        a = parts[0]
        if a.startswith("0x"):
            addr = int(a, 16)
        elif a[0] in "+-":
            step = int(a[1:], 16) if a[1:].startswith("0x") else int(a[1:])
            addr = last + step if a[0] == "+" else last - step
        elif a == "*":
            addr = last
        else:
            addr = int(a)
        last = addr
        if call_line:
            call_line = False
            continue
        if fn is not None and want in fn and len(parts) > 1:
            costs[addr] += int(parts[1])
    return costs


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    profile, binary = sys.argv[1], sys.argv[2]
    want = sys.argv[3] if len(sys.argv) > 3 else ""
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    costs = self_costs(profile, want)
    total = sum(costs.values())
    if not total:
        sys.exit(f"no instructions of a function named like {want!r} (was the profile "
                 "made with --dump-instr=yes?)")
    symbolizer = os.environ.get("LLVM_SYMBOLIZER") or shutil.which(
        "llvm-symbolizer-19") or shutil.which("llvm-symbolizer")
    if not symbolizer:
        sys.exit("no llvm-symbolizer (apt-get install llvm-19, or set LLVM_SYMBOLIZER)")
    addrs = sorted(costs)
    out = subprocess.run([symbolizer, "--inlining", "--obj=" + binary],
                         input="\n".join(hex(a) for a in addrs) + "\n",
                         capture_output=True, text=True, check=True).stdout
    blocks = out.strip("\n").split("\n\n")
    assert len(blocks) == len(addrs), (len(blocks), len(addrs))
    by_fn, by_chain, by_line = (collections.Counter() for _ in range(3))
    for addr, block in zip(addrs, blocks):
        lines = block.split("\n")
        frames = [(lines[i], lines[i + 1]) for i in range(0, len(lines) - 1, 2)]
        # the frames of this project's sources, innermost first
        own = [(f, l) for f, l in frames if "/src/" in l and "/rustc/" not in l
               and "/.cargo/" not in l]
        f, l = own[0] if own else frames[0]
        where = ":".join(l.split("/src/")[-1].split(":")[:2])
        by_fn[f] += costs[addr]
        by_chain[" < ".join(g.split("::")[-1] for g, _ in own[:4])] += costs[addr]
        by_line[f.split("::")[-1] + " " + where] += costs[addr]
    print(f"{total:,} instructions")
    for title, counter in (("by innermost function", by_fn), ("by chain", by_chain),
                           ("by line", by_line)):
        print("==", title)
        for key, n in counter.most_common(rows):
            print(f"{n:>14,} {100 * n / total:5.1f}%  {key}")


if __name__ == "__main__":
    main()
